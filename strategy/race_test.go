//go:build race

package strategy

// raceEnabled is set when the tests run under the race detector, which
// makes the long property tests run fewer sequences: the race detector
// looks for races, and a few sequences give it every path.
const raceEnabled = true
