// Package sysmem tells how much memory this process may still allocate, so
// that callers can check a size before they allocate it.
package sysmem

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
)

// unlimited is the figure above which a cgroup limit counts as none (cgroup
// v1 writes "no limit" as a page-rounded MaxInt64).
const unlimited = 1 << 62

// parseMeminfo returns MemAvailable, in bytes, from the text of
// /proc/meminfo.
func parseMeminfo(text []byte) (uint64, bool) {
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != "MemAvailable" {
			continue
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			return 0, false
		}
		v, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			return 0, false
		}
		if len(f) > 1 && f[1] == "kB" {
			v *= 1024
		}
		return v, true
	}
	return 0, false
}

// parseLimit returns what is left under a cgroup limit: limit − usage, 0
// when usage is at or above it, and false when there is no limit ("max" in
// cgroup v2, a figure above 2⁶² in v1) or the text is not a number.
func parseLimit(limit, usage []byte) (uint64, bool) {
	l := strings.TrimSpace(string(limit))
	if l == "" || l == "max" {
		return 0, false
	}
	lv, err := strconv.ParseUint(l, 10, 64)
	if err != nil || lv >= unlimited {
		return 0, false
	}
	uv, err := strconv.ParseUint(strings.TrimSpace(string(usage)), 10, 64)
	if err != nil {
		uv = 0
	}
	if uv >= lv {
		return 0, true
	}
	return lv - uv, true
}

// cgroupPaths parses /proc/self/cgroup: the cgroup v2 path ("0::/path"),
// and the cgroup v1 path of the memory controller ("N:memory:/path" or a
// list of controllers naming memory).
func cgroupPaths(text []byte) (v2, v1 string) {
	for line := range strings.SplitSeq(string(text), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[0] == "0" && parts[1] == "" {
			v2 = parts[2]
			continue
		}
		for c := range strings.SplitSeq(parts[1], ",") {
			if c == "memory" {
				v1 = parts[2]
			}
		}
	}
	return v2, v1
}

// ancestors returns the folders of a cgroup and of each of its parents up to
// the mount point root, the group's own first: a limit set on any of them
// applies. A container often sees its own group at root, with a path in
// /proc/self/cgroup that names folders it cannot see; those simply do not
// exist and are skipped by the caller.
func ancestors(root, path string) []string {
	path = strings.Trim(path, "/")
	var out []string
	for path != "" {
		out = append(out, root+"/"+path)
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return append(out, root)
}

// Fallback is what Available returns when it cannot read the system's
// figures (other systems, or no /proc): 64 GiB, so that sizes no ordinary
// machine holds are still refused before they are allocated.
const Fallback uint64 = 64 << 30

// Format writes a number of bytes for a message: "21 GiB", "458 MiB",
// "1.5 KiB", "12 B"; one decimal below 10 of the unit, none above.
func Format(b uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v := float64(b)
	u := 0
	for v >= 1024 && u+1 < len(units) {
		v /= 1024
		u++
	}
	if u == 0 {
		return strconv.FormatUint(b, 10) + " B"
	}
	if v < 9.95 {
		return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0") + " " + units[u]
	}
	return strconv.FormatFloat(v, 'f', 0, 64) + " " + units[u]
}
