module github.com/nmftopics/nmftopics

go 1.26.8

require (
	github.com/james-bowman/sparse v0.0.0-20200514124614-ae250424e52d
	github.com/kljensen/snowball v0.10.0
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.37.0
	gonum.org/v1/gonum v0.17.0
)

require (
	github.com/gonum/floats v0.0.0-20181209220543-c233463c7e82 // indirect
	github.com/gonum/internal v0.0.0-20181124074243-f884aa714029 // indirect
	golang.org/x/exp v0.0.0-20261113113407-e3970619a1a4 // indirect
)
