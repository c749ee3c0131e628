package main

// site is a place posters post from: its mail domain, the machines users
// log in to, its organization line and its time zone.
type site struct {
	domain string
	hosts  []string // machines under domain ("" is the domain itself)
	org    string
	edu    bool   // a university (else a company or a public access site)
	zone   string // time zone as Date fields write it
}

// sites are invented in the style of the early 1990s' archives: the
// universities, companies and public access sites that posted most.
var sites = []site{
	{"cs.cmu.edu", []string{"", "gs135.sp", "fred.sp", "lb", "mcu"}, "School of Computer Science, Carnegie Mellon", true, "EST"},
	{"andrew.cmu.edu", []string{""}, "Carnegie Mellon, Pittsburgh, PA", true, "EST"},
	{"netcom.com", []string{""}, "Netcom On-line Communication Services (408 241-9760 guest)", false, "PST"},
	{"cso.uiuc.edu", []string{"ux1", "ux4", "sumter"}, "University of Illinois at Urbana", true, "CST"},
	{"cs.utexas.edu", []string{"", "cascade", "bigfoot"}, "CS Dept, University of Texas at Austin", true, "CST"},
	{"mit.edu", []string{"athena", "ai", "media"}, "Massachusetts Institute of Technology", true, "EST"},
	{"stratus.com", []string{"", "eng"}, "Stratus Computer, Inc.", false, "EST"},
	{"eng.sun.com", []string{"", "sunspot"}, "Sun Microsystems Inc., Mountain View, CA", false, "PST"},
	{"hp.com", []string{"col", "fc", "cup"}, "Hewlett-Packard, Fort Collins, CO, USA", false, "MST"},
	{"vnet.ibm.com", []string{""}, "IBM T.J. Watson Research", false, "EST"},
	{"pitt.edu", []string{"cadre.dsl", "vms.cis", "unix.cis"}, "Univ. of Pittsburgh Computer Science", true, "EST"},
	{"caltech.edu", []string{"cco", "gap", "ugcs"}, "California Institute of Technology, Pasadena", true, "PST"},
	{"berkeley.edu", []string{"cs", "ocf", "soda"}, "University of California, Berkeley", true, "PST"},
	{"ucsd.edu", []string{"sdcc12", "cs", "weber"}, "University of California, San Diego", true, "PST"},
	{"purdue.edu", []string{"cs", "ecn", "mentor.cc"}, "Purdue University Computing Center", true, "EST"},
	{"columbia.edu", []string{"cunixb.cc", "cs"}, "Columbia University", true, "EST"},
	{"umich.edu", []string{"engin", "itd", "caen"}, "University of Michigan Engineering, Ann Arbor", true, "EST"},
	{"cornell.edu", []string{"", "cs", "msc"}, "Cornell Univ. CS Dept, Ithaca NY 14853", true, "EST"},
	{"princeton.edu", []string{"phoenix", "cs"}, "Princeton University", true, "EST"},
	{"rutgers.edu", []string{"", "cs", "remus"}, "Rutgers Univ., New Brunswick, N.J.", true, "EST"},
	{"wisc.edu", []string{"cs", "macc", "students"}, "University of Wisconsin, Madison -- Computer Sciences Dept.", true, "CST"},
	{"magnus.acs.ohio-state.edu", []string{""}, "The Ohio State University", true, "EST"},
	{"bu.edu", []string{"acs", "cs", "engc"}, "Boston University", true, "EST"},
	{"virginia.edu", []string{"", "cs", "faraday.clas"}, "University of Virginia", true, "EST"},
	{"dartmouth.edu", []string{"", "coos"}, "Dartmouth College, Hanover, NH", true, "EST"},
	{"uwaterloo.ca", []string{"watserv1", "undergrad.math", "csg"}, "University of Waterloo", true, "EST"},
	{"utoronto.ca", []string{"ecf", "gpu", "skule"}, "University of Toronto Computing Services", true, "EST"},
	{"ac.uk", []string{"ox", "ed", "ucl"}, "Oxford University Computing Service, 13 Banbury Rd Oxford OX2", true, "BST"},
	{"att.com", []string{"cbnewsj.cb", "cbnewsl.cb", "ihlpa.ih"}, "AT&T Bell Laboratories", false, "EST"},
	{"microsoft.com", []string{""}, "Microsoft Corp.", false, "PST"},
	{"dec.com", []string{"zk3", "pa", "crl"}, "Digital Equipment Corporation, Maynard MA", false, "EST"},
	{"apple.com", []string{"", "taurus"}, "Apple Computer Inc.", false, "PST"},
	{"access.digex.com", []string{""}, "Express Access Online Communications, Greenbelt, MD USA", false, "EST"},
	{"world.std.com", []string{""}, "The World Public Access UNIX, Brookline, MA", false, "EST"},
	{"delphi.com", []string{"", "bix"}, "Delphi (info@delphi.com email, 800-695-4005 voice)", false, "EST"},
	{"compuserve.com", []string{""}, "CompuServe Information Service", false, "EST"},
	{"uunet.uu.net", []string{"", "rs"}, "UUNET Communications Services", false, "EST"},
	{"well.sf.ca.us", []string{""}, "Whole Earth 'Lectronic Link, Sausalito, CA", false, "PST"},
	{"portal.com", []string{"shell"}, "The Portal System (TM)", false, "PST"},
	{"tek.com", []string{"", "pogo.wv", "cse.tek"}, "Tektronix, Inc., Wilsonville, OR", false, "PST"},
	{"motorola.com", []string{"", "mot", "phx.mcd"}, "Motorola Inc., Schaumburg, IL", false, "CST"},
	{"boeing.com", []string{"ssd", "bcstec.ca", "cs"}, "Boeing Computer Services, Seattle", false, "PST"},
	{"jpl.nasa.gov", []string{"", "kelvin", "pop"}, "Jet Propulsion Laboratory", false, "PST"},
	{"lerc.nasa.gov", []string{"", "zeus"}, "NASA Lewis Research Center, Cleveland", false, "EST"},
	{"nrl.navy.mil", []string{"", "ccf"}, "Naval Research Laboratory", false, "EST"},
	{"uoknor.edu", []string{"", "ou"}, "The University of Oklahoma", true, "CST"},
	{"ncsu.edu", []string{"eos", "csc.ncsu"}, "North Carolina State University, Project Eos", true, "EST"},
	{"gatech.edu", []string{"prism", "cc"}, "Georgia Institute of Technology", true, "EST"},
	{"colorado.edu", []string{"", "spot", "rintintin"}, "University of Colorado, Boulder", true, "MST"},
	{"ulowell.edu", []string{"", "cs"}, "UMass Lowell, Lowell MA", true, "EST"},
	{"hydra.gatech.edu", []string{""}, "Georgia Tech Hydra Cluster", true, "EST"},
	{"zeus.ieee.org", []string{""}, "IEEE, Piscataway NJ", false, "EST"},
	{"sco.com", []string{""}, "The Santa Cruz Operation, Inc.", false, "PST"},
	{"ingr.com", []string{"", "b30"}, "Intergraph Corporation, Huntsville AL", false, "CST"},
}

// relays are the news hosts a post's Path passes through.
var relays = []string{
	"das-news.harvard.edu", "ogicse", "uwm.edu", "zaphod.mps.ohio-state.edu",
	"howland.reston.ans.net", "europa.eng.gtefsd.com", "usc", "sdd.hp.com",
	"swrinde", "cs.utexas.edu", "uunet", "news.uu.net", "gatech",
	"concert", "rutgers", "spool.mu.edu", "agate", "ames", "ncar",
	"darwin.sura.net", "haven.umd.edu", "wupost", "emory", "think.com",
	"decwrl", "pacbell.com", "mips", "newsserver.jvnc.net", "bogus.sura.net",
	"noc.near.net", "caen", "hela.iti.org", "sol.ctr.columbia.edu", "olivea",
}

// collector heads every Path: the host the archive was gathered on.
const collector = "cantaloupe.srv.cs.cmu.edu!crabapple.srv.cs.cmu.edu!"

var firstNames = []string{
	"James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph",
	"Thomas", "Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark",
	"Donald", "Steven", "Paul", "Andrew", "Joshua", "Kenneth", "Kevin", "Brian",
	"George", "Edward", "Ronald", "Timothy", "Jason", "Jeffrey", "Ryan", "Jacob",
	"Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin", "Scott",
	"Brandon", "Frank", "Benjamin", "Gregory", "Samuel", "Raymond", "Patrick",
	"Alexander", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Henry", "Douglas",
	"Peter", "Adam", "Nathan", "Zachary", "Walter", "Kyle", "Harold", "Carl",
	"Arthur", "Gerald", "Roger", "Keith", "Jeremy", "Terry", "Lawrence", "Sean",
	"Christian", "Albert", "Joe", "Ethan", "Austin", "Jesse", "Willie", "Billy",
	"Bryan", "Bruce", "Jordan", "Ralph", "Roy", "Noah", "Dylan", "Eugene", "Wayne",
	"Alan", "Juan", "Louis", "Russell", "Gabriel", "Randy", "Philip", "Harry",
	"Vincent", "Bobby", "Johnny", "Logan", "Mary", "Patricia", "Jennifer", "Linda",
	"Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa",
	"Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna",
	"Michelle", "Dorothy", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie",
	"Rebecca", "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Shirley", "Angela",
	"Helen", "Anna", "Brenda", "Pamela", "Nicole", "Ruth", "Katherine", "Ingrid",
	"Lars", "Pierre", "Hans", "Klaus", "Jurgen", "Sven", "Dieter", "Yoshi", "Rajiv",
}

var lastNames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
	"Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson",
	"White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen",
	"King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson",
	"Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker",
	"Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers",
	"Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Cox",
	"Ward", "Richardson", "Watson", "Brooks", "Wood", "James", "Bennett", "Gray",
	"Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell",
	"Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler",
	"Henderson", "Barnes", "Fisher", "Vasquez", "Simmons", "Graham", "Marshall",
	"Owens", "Harrison", "Gibson", "Wallace", "Hamilton", "Ellis", "Stone",
	"Hoffman", "Schmidt", "Weber", "Wagner", "Becker", "Schulz", "Koch", "Richter",
	"Kowalski", "Novak", "Horvath", "Lindqvist", "Johansson", "Larsen", "Hansen",
	"Dubois", "Lefebvre", "Moreau", "Laurent", "Rossi", "Russo", "Ferrari",
	"Esposito", "Bianchi", "Tanaka", "Suzuki", "Watanabe", "Nakamura", "Kim",
	"Park", "Chen", "Wang", "Liu", "Zhang", "Singh", "Patel", "Kumar", "Shah",
	"Goldberg", "Rosen", "Kaplan", "Feldman", "Bloom", "MacDonald", "McKenzie",
	"O'Brien", "Fitzgerald", "Doyle", "Gallagher", "Kowalczyk", "Zimmerman",
	"Oconnor", "Banerjee", "Halvorsen", "Petrov", "Ivanov", "Volkov", "Sokolov",
	"Abernathy", "Beauchamp", "Carmichael", "Drummond", "Ellsworth", "Fairbanks",
	"Greenwald", "Hollister", "Ingersoll", "Jarvis", "Kirkpatrick", "Lombardi",
	"Montgomery", "Northrup", "Oppenheimer", "Pendleton", "Quincy", "Rutherford",
	"Sinclair", "Thornton", "Underwood", "Vanderbilt", "Whitaker", "Yardley",
}

// quips are the sayings of signature blocks, written for this program.
var quips = []string{
	"Skepticism is the chastity of the intellect, and it is shameful to surrender it too soon.",
	"The opinions expressed are mine alone and not those of my employer.",
	"Disclaimer: I speak for myself, not for the university.",
	"If you can read this, thank a teacher.",
	"All wiyht. Rho sritched mg kegtops awound?",
	"Nothing is foolproof to a sufficiently talented fool.",
	"Ask me about the gerbil incident.",
	"Cogito ergo spam.",
	"Fortune favours the prepared mind, and the well stocked fridge.",
	"My other computer is a Cray.",
	"Boycott shampoo! Demand the REAL poo!",
	"When in doubt, use brute force.",
	"Never attribute to malice what is adequately explained by stupidity.",
	"I brake for hallucinations.",
	"Life is a sexually transmitted disease with a hundred percent mortality.",
	"The early bird gets the worm, but the second mouse gets the cheese.",
	"Standard disclaimers apply. Void where prohibited.",
	"Eschew obfuscation.",
	"Time flies like an arrow; fruit flies like a banana.",
	"Insert witty saying here.",
	"Gravity: it's not just a good idea, it's the law.",
	"Programmers do it bit by bit.",
	"Support your local hackerspace and the penguin liberation front.",
	"Help stamp out and abolish redundancy.",
	"I am not a number, I am a free man!",
	"Klaatu barada nikto.",
	"Objects in mirror are closer than they appear.",
	"Dinosaurs aren't extinct. They've just learned to hide in the trees.",
	"Lead me not into temptation; I can find it myself.",
	"Make it idiot proof and someone will make a better idiot.",
	"The squeaky wheel gets replaced.",
	"Any sufficiently advanced bug is indistinguishable from a feature.",
	"Hire the handicapped: they're fun to watch. (Kidding, folks.)",
	"Veni, vidi, velcro: I came, I saw, I stuck around.",
	"Tact is for people not witty enough to be sarcastic.",
	"Warp drive: theoretical physics, practical headaches.",
	"Keep your packets dry and your modems warm.",
	"Blessed are the cheesemakers.",
	"Pobody's nerfect.",
	"Why do they call it rush hour when nothing moves?",
	"Ignorance is curable; stupidity is forever.",
	"Reality is for people who lack imagination.",
	"Honk if you love peace and quiet.",
	"I used to have a handle on life, then it broke.",
	"Quidquid latine dictum sit, altum viditur.",
	"The trouble with doing something right the first time is nobody appreciates how difficult it was.",
	"Onions have layers. Ogres have layers. Sysadmins have backups.",
	"Ceci n'est pas une signature.",
	"Illegitimi non carborundum.",
	"You can't have everything; where would you put it?",
}

// newsreaders are the X-Newsreader values posters' programs wrote.
var newsreaders = []string{
	"TIN [version 1.1 PL8]", "TIN [version 1.1 PL9]", "Tin 1.1 PL4",
	"rn 4.3 [patch level 7]", "trn 2.0 [PL 9]", "NN version 6.4.19 #1",
	"xrn 6.17", "Gnus v2.3.1", "nn 6.4.18", "NEWTNews & Chameleon -- TCP/IP for MS Windows from NetManage",
	"WinVN 0.76", "Trumpet for Windows [Version 1.0 Rev A]",
}

// titles are the job lines of signature blocks.
var titles = []string{
	"Senior Software Engineer", "Graduate Student, Dept. of Physics", "Systems Administrator",
	"Research Associate", "Member of Technical Staff", "Assistant Professor",
	"Network Operations", "Undergrad, Electrical Engineering", "Consultant",
	"Postdoctoral Fellow", "Technical Writer", "Project Manager, Advanced Systems",
}
