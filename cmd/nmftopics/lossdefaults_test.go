package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSublinearDefaultFollowsLoss: fit uses sublinear tf for the Frobenius
// loss and raw counts for KL unless --sublinear-tf says otherwise; the
// model records what was used.
func TestSublinearDefaultFollowsLoss(t *testing.T) {
	cases := []struct {
		flags []string
		want  string
	}{
		{nil, `"sublinear_tf":true`},
		{[]string{"--loss", "kl"}, `"sublinear_tf":false`},
		{[]string{"--sublinear-tf=false"}, `"sublinear_tf":false`},
		{[]string{"--loss", "kl", "--sublinear-tf"}, `"sublinear_tf":true`},
	}
	for _, c := range cases {
		model := filepath.Join(t.TempDir(), "m.json")
		args := append(append([]string{"fit", "-k", "4", "--save", model}, c.flags...), testCorpus)
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", c.flags, code, stderr)
		}
		b, err := os.ReadFile(model)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), c.want) {
			t.Errorf("%v: the model does not hold %s", c.flags, c.want)
		}
	}
}

// TestVectorizeSublinearDefaultOff: vectorize knows no loss and keeps
// scikit-learn's default, raw counts.
func TestVectorizeSublinearDefaultOff(t *testing.T) {
	dir := t.TempDir()
	plain, sub := filepath.Join(dir, "plain.mtx"), filepath.Join(dir, "sub.mtx")
	for _, args := range [][]string{{"vectorize", "--mtx", plain, testCorpus}, {"vectorize", "--sublinear-tf=false", "--mtx", sub, testCorpus}} {
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	a, _ := os.ReadFile(plain)
	b, _ := os.ReadFile(sub)
	if string(a) != string(b) {
		t.Error("vectorize's default differs from --sublinear-tf=false")
	}
}
