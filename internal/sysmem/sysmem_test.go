package sysmem

import (
	"slices"
	"testing"
)

func TestParseMeminfo(t *testing.T) {
	const text = `MemTotal:       24683548 kB
MemFree:        24478176 kB
MemAvailable:   24416208 kB
Buffers:            2048 kB
`
	v, ok := parseMeminfo([]byte(text))
	if !ok || v != 24416208*1024 {
		t.Errorf("got %d, %t; want %d", v, ok, 24416208*1024)
	}
	if _, ok := parseMeminfo([]byte("MemTotal: 1 kB\nMemFree: 1 kB\n")); ok {
		t.Error("an old kernel's meminfo without MemAvailable gave a figure")
	}
	if _, ok := parseMeminfo([]byte("MemAvailable: lots\n")); ok {
		t.Error("a non-number gave a figure")
	}
}

func TestParseLimit(t *testing.T) {
	tests := []struct {
		limit, usage string
		want         uint64
		ok           bool
	}{
		{"max\n", "123\n", 0, false},
		{"9223372036854771712\n", "54472704\n", 0, false}, // v1's "no limit"
		{"1073741824\n", "268435456\n", 768 << 20, true},
		{"1073741824\n", "2147483648\n", 0, true}, // over the limit
		{"1073741824\n", "", 1 << 30, true},       // usage unreadable
		{"", "1", 0, false},
		{"junk", "1", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseLimit([]byte(tt.limit), []byte(tt.usage))
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseLimit(%q, %q) = %d, %t; want %d, %t", tt.limit, tt.usage, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCgroupPaths(t *testing.T) {
	v1text := "9:name=systemd:/\n4:memory:/process_api/ea92\n3:cpuset:/\n0::/\n"
	v2, v1 := cgroupPaths([]byte(v1text))
	if v2 != "/" || v1 != "/process_api/ea92" {
		t.Errorf("got %q, %q", v2, v1)
	}
	v2, v1 = cgroupPaths([]byte("0::/user.slice/user-1000.slice/session-2.scope\n"))
	if v2 != "/user.slice/user-1000.slice/session-2.scope" || v1 != "" {
		t.Errorf("got %q, %q", v2, v1)
	}
	_, v1 = cgroupPaths([]byte("5:cpu,memory:/a\n"))
	if v1 != "/a" {
		t.Errorf("joined controllers: got %q", v1)
	}
}

func TestAncestors(t *testing.T) {
	got := ancestors("/sys/fs/cgroup", "/a/b/c")
	want := []string{"/sys/fs/cgroup/a/b/c", "/sys/fs/cgroup/a/b", "/sys/fs/cgroup/a", "/sys/fs/cgroup"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := ancestors("/r", "/"); !slices.Equal(got, []string{"/r"}) {
		t.Errorf("root: got %q", got)
	}
}

func TestAvailable(t *testing.T) {
	v := Available()
	if v == 0 {
		t.Fatal("no memory available")
	}
	t.Logf("available: %.1f GiB", float64(v)/(1<<30))
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		b    uint64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {1536, "1.5 KiB"},
		{2 * 2999999 * 10 * 8, "458 MiB"}, {20 << 30, "20 GiB"}, {21474836480 + 1<<29, "20 GiB"},
		{10*1024 - 1, "10 KiB"}, {1 << 63, "8 EiB"},
	} {
		if got := Format(tt.b); got != tt.want {
			t.Errorf("Format(%d) = %q, want %q", tt.b, got, tt.want)
		}
	}
}
