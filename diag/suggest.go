package diag

// Suggest returns the candidate closest to name by edit distance, when it
// is close enough to be a likely typo (at most one edit for names of up to
// four letters, two for names of up to eight, three for longer ones), or ""
// when none is. Case differences count as edits. Ties go to the earlier candidate, so callers
// that pass candidates in a stable order get a stable hint.
func Suggest(name string, candidates []string) string {
	limit := 1
	if len(name) > 4 {
		limit = 2
	}
	if len(name) >= 9 {
		limit = 3
	}
	best, bestD := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := distance(name, c, bestD); d < bestD && d < len(name) && d < len(c) {
			best, bestD = c, d
		}
	}
	return best
}

// DidYouMean returns "did you mean X?" for [Suggest]'s answer, or "".
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return "did you mean " + s + "?"
	}
	return ""
}

// distance is the optimal string alignment distance of a and b (Levenshtein
// plus transpositions), capped: it returns max as soon as the result cannot
// be below it.
func distance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d >= max || -d >= max {
		return max
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= max {
			return max
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], max)
}
