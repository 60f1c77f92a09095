// Package routetest holds the whole-server tests that cut across the web
// pages and the JSON API: the areas figures through the real HTTP API, the
// authorisation matrix (every route × every role against a table), and the
// bad-input sweep of every API endpoint. It has no code of its own.
package routetest
