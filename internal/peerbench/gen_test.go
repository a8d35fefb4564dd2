package peerbench_test

// genPeer is a copy of the peer benchmark's data generator,
// ../shared/peer-plan/gen/main.go (public code of the peer plan, by its
// authors), writing to memory instead of files, so that the benchmarks
// make their data without running another module. Same arguments, same
// bytes: TestGenerated checks it against the peer's own gen.

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"time"
)

const teamSize = 20

func genPeer(nDeals, nReps int, seed uint64) (payeesCSV, dealsCSV []byte) {
	if nReps <= 0 || nReps%teamSize != 0 || nDeals <= 0 {
		panic("genPeer: nReps must be a positive multiple of 20 and nDeals positive")
	}
	rng := rand.New(rand.NewPCG(seed, 0x5eed_c0de_2027))

	nTeams := nReps / teamSize
	// ids: team t (0-based) has manager id t*21+1 and reps t*21+2 .. t*21+21.
	type rep struct{ id, team, mgr int }
	reps := make([]rep, 0, nReps)
	teamReps := make([][]int, nTeams)

	dealsPerRep := int64(nDeals) / int64(nReps)
	if dealsPerRep < 1 {
		dealsPerRep = 1
	}
	const meanPosCents = (50000 + 25000000) / 2

	var pw bytes.Buffer
	pw.WriteString("id,team,manager_id,quota,target_incentive\n")
	for t := 0; t < nTeams; t++ {
		mgrID := t*(teamSize+1) + 1
		var teamQuota, teamTI int64
		repLines := make([]string, 0, teamSize)
		for r := 0; r < teamSize; r++ {
			id := mgrID + 1 + r
			base := dealsPerRep * meanPosCents * 95 / 100
			quota := base * int64(700+rng.IntN(800)) / 1000 // cents
			ti := quota * int64(200+rng.IntN(150)) / 10000  // 2.00% .. 3.49% of quota
			teamQuota += quota
			teamTI += ti
			repLines = append(repLines, fmt.Sprintf("%d,%d,%d,%s,%s", id, t+1, mgrID, cents(quota), cents(ti)))
			reps = append(reps, rep{id: id, team: t, mgr: mgrID})
			teamReps[t] = append(teamReps[t], id)
		}
		fmt.Fprintf(&pw, "%d,%d,,%s,%s\n", mgrID, t+1, cents(teamQuota), cents(teamTI/5))
		for _, l := range repLines {
			pw.WriteString(l + "\n")
		}
	}

	products := [...]string{"core", "analytics", "platform"}
	terms := [...]int{12, 24, 36}
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	const days = 90 // 2027-01-01 .. 2027-03-31

	var dw bytes.Buffer
	dw.Grow(nDeals * 50)
	dw.WriteString("id,close_date,owner,amount,term_months,is_new_logo,product,split_with\n")
	for i := 1; i <= nDeals; i++ {
		date := start.AddDate(0, 0, rng.IntN(days)).Format("2006-01-02")
		o := reps[rng.IntN(len(reps))]
		var amt int64
		if rng.IntN(100) < 5 { // credit note: -20,000.00 .. -500.00
			amt = -(50000 + rng.Int64N(2000000-50000+1))
		} else { // 500.00 .. 250,000.00
			amt = 50000 + rng.Int64N(25000000-50000+1)
		}
		term := terms[rng.IntN(3)]
		newLogo := rng.IntN(100) < 10
		prod := products[rng.IntN(3)]
		split := ""
		if rng.IntN(100) < 10 {
			mates := teamReps[o.team]
			for {
				other := mates[rng.IntN(len(mates))]
				if other != o.id {
					split = fmt.Sprint(other)
					break
				}
			}
		}
		fmt.Fprintf(&dw, "%d,%s,%d,%s,%d,%t,%s,%s\n", i, date, o.id, cents(amt), term, newLogo, prod, split)
	}
	return pw.Bytes(), dw.Bytes()
}

// cents formats an integer number of cents as a decimal with 2 places.
func cents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)
}
