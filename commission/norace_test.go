//go:build !race

package commission

const raceEnabled = false
