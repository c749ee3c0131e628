package sysmem

import "os"

// Available returns the bytes this process may still allocate: the least of
// MemAvailable in /proc/meminfo and, for the process's cgroup and each
// parent that sets one, its memory limit less its usage (cgroup v2
// memory.max − memory.current, v1 memory.limit_in_bytes −
// memory.usage_in_bytes). Swap is not counted. When nothing can be read it
// returns Fallback.
func Available() uint64 {
	avail := uint64(0)
	found := false
	take := func(v uint64) {
		if !found || v < avail {
			avail, found = v, true
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if v, ok := parseMeminfo(b); ok {
			take(v)
		}
	}
	if b, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		v2, v1 := cgroupPaths(b)
		if v2 != "" {
			for _, dir := range ancestors("/sys/fs/cgroup", v2) {
				if v, ok := readLimit(dir+"/memory.max", dir+"/memory.current"); ok {
					take(v)
				}
			}
		}
		if v1 != "" {
			for _, dir := range ancestors("/sys/fs/cgroup/memory", v1) {
				if v, ok := readLimit(dir+"/memory.limit_in_bytes", dir+"/memory.usage_in_bytes"); ok {
					take(v)
				}
			}
		}
	}
	if !found {
		return Fallback
	}
	return avail
}

func readLimit(limitPath, usagePath string) (uint64, bool) {
	l, err := os.ReadFile(limitPath)
	if err != nil {
		return 0, false
	}
	u, _ := os.ReadFile(usagePath)
	return parseLimit(l, u)
}
