package main

import (
	"math"
	"math/rand/v2"
	"strings"
)

// places name the invented small sites.
var places = []string{
	"Akron", "Albany", "Alton", "Amherst", "Athens", "Auburn", "Austin", "Bangor",
	"Bedford", "Billings", "Boise", "Bristol", "Camden", "Canton", "Chester",
	"Clinton", "Concord", "Dayton", "Denton", "Dover", "Duluth", "Elgin", "Erie",
	"Eugene", "Fargo", "Flint", "Fresno", "Galena", "Greeley", "Hampton", "Helena",
	"Houghton", "Irvine", "Ithaca", "Jackson", "Joliet", "Kent", "Laramie",
	"Lincoln", "Logan", "Lowell", "Macon", "Madison", "Marion", "Medford",
	"Merced", "Moscow", "Newark", "Norman", "Ogden", "Omaha", "Orono", "Paxton",
	"Peoria", "Provo", "Pueblo", "Quincy", "Racine", "Reno", "Salem", "Selma",
	"Tempe", "Toledo", "Troy", "Tulsa", "Utica", "Vernon", "Waco", "Warren",
	"Wichita", "Yakima", "Yuma",
}

// companyWords make the names of invented small companies.
var companyWords = [][2]string{
	{"apex", "Apex"}, {"zenith", "Zenith"}, {"orbit", "Orbit"}, {"delta", "Delta"},
	{"summit", "Summit"}, {"vertex", "Vertex"}, {"nova", "Nova"}, {"pinnacle", "Pinnacle"},
	{"quantum", "Quantum"}, {"cascade", "Cascade"}, {"harbor", "Harbor"}, {"granite", "Granite"},
	{"beacon", "Beacon"}, {"falcon", "Falcon"}, {"meridian", "Meridian"}, {"sterling", "Sterling"},
}

var companyKinds = [][2]string{
	{"sys", "Systems Inc."}, {"assoc", "Associates"}, {"soft", "Software Corp."},
	{"data", "Data Corporation"}, {"net", "Networks"}, {"labs", "Laboratories"},
}

// siteList is the named sites, largest first, and invented small ones,
// with heavy-tailed weights: as in real archives, a few sites post much
// and hundreds post a little.
func siteList(rng *rand.Rand) ([]site, []float64) {
	list := append([]site(nil), sites...)
	var weights []float64
	for i := range list {
		weights = append(weights, 20/math.Pow(float64(i+1), 0.8))
	}
	zones := []string{"EST", "CST", "MST", "PST"}
	hosts := []string{"", "cs", "math", "ee", "vax1", "acad", "mail", "phys", "chem", "econ", "bio", "cc", "sun1", "unix"}
	pick := func(n int) []string {
		h := make([]string, n)
		for i := range h {
			h[i] = hosts[rng.IntN(len(hosts))]
		}
		return h
	}
	for i, p := range places {
		l := strings.ToLower(p)
		z := zones[rng.IntN(len(zones))]
		list = append(list,
			site{"u" + l + ".edu", pick(3), "University of " + p, true, z},
			site{l + "state.edu", pick(2), p + " State University", true, z},
			site{l + ".edu", pick(2), p + " College", true, z})
		if i%4 == 0 {
			list = append(list, site{"freenet." + l + ".org", pick(1), p + " Free-Net", false, z})
		}
	}
	for _, c := range companyWords {
		for _, k := range companyKinds {
			p := places[rng.IntN(len(places))]
			list = append(list, site{c[0] + k[0] + ".com", pick(2), c[1] + " " + k[1] + ", " + p, false, zones[rng.IntN(len(zones))]})
		}
	}
	for len(weights) < len(list) {
		weights = append(weights, 1)
	}
	return list, weights
}
