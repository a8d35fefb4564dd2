//go:build race

package commission

// raceEnabled is set when the tests run under the race detector, which
// makes the property test take fewer cases.
const raceEnabled = true
