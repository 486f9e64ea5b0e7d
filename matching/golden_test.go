package matching

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestMatchGolden pins the whole result for a realistic 40-vendor catalog,
// with SAW and TOPSIS. Run with -update after a deliberate change, read the
// diff, and bump EngineVersion if the same inputs now give another result.
func TestMatchGolden(t *testing.T) {
	cat := NewCatalog(genVendors(40, 40), "golden-40")
	cases := []struct {
		name string
		opt  Options
	}{
		{"garcia_saw", Options{AsOf: asOf2026}},
		{"garcia_topsis", Options{AsOf: asOf2026, Method: MethodTOPSIS, Limit: 5}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Match(cat, garcia(), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := marshal(t, res)
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./matching -run Golden -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s; run with -update and review the diff", path)
			}
		})
	}
}

func marshal(t testing.TB, v any) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
