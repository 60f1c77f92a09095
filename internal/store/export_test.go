package store

// IsUniqueViolation exposes isUniqueViolation to the black-box tests.
var IsUniqueViolation = isUniqueViolation
