package app

import "context"

// loadDemo creates the demo partnership (internal/demo) if missing.
func (a *App) loadDemo(ctx context.Context) error {
	// TODO(core): call internal/demo once it lands.
	return nil
}
