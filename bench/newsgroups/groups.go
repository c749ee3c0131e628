package main

import (
	"regexp"
	"strings"
)

// group is a newsgroup made from one class of a body corpus.
type group struct {
	name string
	docs []document
}

// groupNames maps the classes of the corpora this program is meant for
// (bbc, reuters, the project's testdata/corpus) to newsgroup names; other
// classes become misc.CLASS.
var groupNames = map[string]string{
	"business": "misc.business", "entertainment": "rec.arts.entertainment",
	"politics": "talk.politics.uk", "sport": "rec.sport.misc", "tech": "comp.tech.news",
	"earn": "misc.invest.earnings", "acq": "misc.invest.mergers",
	"money-fx": "misc.forex", "grain": "sci.agriculture.grain",
	"crude": "sci.energy.oil", "trade": "talk.politics.trade",
	"interest": "misc.invest.rates", "ship": "rec.boats.shipping",
	"money-supply": "sci.econ.money", "sugar": "misc.agri.sugar",
	"coffee": "rec.food.coffee", "gold": "misc.invest.gold",
	"gnp": "sci.econ.gnp", "veg-oil": "misc.agri.vegoil",
	"cpi": "sci.econ.prices", "cocoa": "misc.agri.cocoa",
	"space": "sci.space", "cooking": "rec.food.cooking",
	"football": "rec.sport.soccer", "markets": "misc.invest.markets",
}

var notName = regexp.MustCompile(`[^a-z0-9]+`)

// groupName is a class's newsgroup name.
func groupName(class string) string {
	if n, ok := groupNames[class]; ok {
		return n
	}
	return "misc." + strings.Trim(notName.ReplaceAllString(strings.ToLower(class), "-"), "-")
}

// hierarchy is a group name up to its last dot ("misc.invest").
func hierarchy(name string) string {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return name
	}
	return name[:i]
}
