package vectorize

import "testing"

// TestMailUnmarkedSignature: a trailing block of short lines (name, title,
// organization) holding one contact line is a signature even without a
// "-- " line; a short last paragraph without contact lines, or one of
// body-length lines, is text.
func TestMailUnmarkedSignature(t *testing.T) {
	const head = "From: linda.hill@econ.pinnaclelabs.com (Linda Hill)\nSubject: Chip prices\n\n" +
		"Makers expect cheaper mobile chips to reach budget handsets within the year, analysts said.\n\n"
	out := Mail{}.Filter(nil, []byte(head+
		"Linda Hill\nNetwork Operations\nPinnacle Laboratories\nlinda.hill@econ.pinnaclelabs.com\nTel. +44 898 271743\n"))
	checkWords(t, out, "chip prices makers cheaper mobile handsets analysts", "linda hill network operations pinnacle laboratories econ pinnaclelabs tel")

	out = Mail{}.Filter(nil, []byte(head+"Thanks for reading,\nLinda\n"))
	checkWords(t, out, "chip makers thanks reading linda", "")

	out = Mail{}.Filter(nil, []byte(head+
		"The budget phones should reach shops in spring, according to the firm's plan,\nwhich it set out at linda.hill@econ.pinnaclelabs.com this week for investors\nand for the retailers who will carry the handsets across the country.\n"))
	checkWords(t, out, "budget phones shops spring investors", "")
}
