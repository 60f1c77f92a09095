package pb

import "fmt"

// MaxWelfare placeholder.
func MaxWelfare(pr *Profile, utility string) ([]int, error) { return nil, fmt.Errorf("not yet") }
