package meili_test

import (
	"context"
	"net"
	"syscall"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/meilisearch/meilisearch-go"

	"callmatch/catalog"
	"callmatch/demo"
	"callmatch/meili"
)

func TestZZLoadScratch(t *testing.T) {
	url := os.Getenv("SCRATCH_MEILI")
	if url == "" {
		t.Skip()
	}
	ctx := context.Background()
	ix, _ := meili.New(meili.Config{URL: url, MasterKey: "testkey123456789"})
	if err := ix.Ensure(ctx); err != nil {
		t.Fatal(err)
	}
	vs := demo.Vendors(100000)
	docs := make([]meili.Document, len(vs))
	for i, v := range vs {
		docs[i] = meili.NewDocument(v, 1)
	}
	raw := meilisearch.New(url, meilisearch.WithAPIKey("testkey123456789"))
	pk := "id"
	began := time.Now()
	tasks, err := raw.Index("vendors").AddDocumentsInBatches(ctx, docs, 10000, &meilisearch.DocumentOptions{PrimaryKey: &pk})
	if err != nil {
		t.Fatal(err)
	}
	for _, tk := range tasks {
		if _, err := raw.WaitForTask(ctx, tk.TaskUID, 100*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	t.Log("loaded in", time.Since(began))
}

func TestZZTimeScratch(t *testing.T) {
	url := os.Getenv("SCRATCH_MEILI")
	if url == "" {
		t.Skip()
	}
	ctx := context.Background()
	ix, _ := meili.New(meili.Config{URL: url, MasterKey: "testkey123456789"})
	for _, q := range []catalog.SearchQuery{{Text: "spanish gotv texas union"}, {}} {
		for range 5 {
			s := time.Now()
			if _, err := ix.SearchVendors(ctx, q); err != nil {
				t.Fatal(err)
			}
			t.Log(q.Text, time.Since(s))
		}
	}
	raw := meilisearch.New(url, meilisearch.WithAPIKey("testkey123456789"))
	for range 5 {
		s := time.Now()
		raw.Index("vendors").Search(ctx, "gotv", &meilisearch.SearchRequest{Limit: 20})
		t.Log("raw", time.Since(s))
	}
}

func TestZZNagle(t *testing.T) {
	url := os.Getenv("SCRATCH_MEILI")
	if url == "" {
		t.Skip()
	}
	ctx := context.Background()
	for _, name := range []string{"keepalive", "nokeepalive", "bigbuf"} {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		switch name {
		case "nokeepalive":
			tr.DisableKeepAlives = true
		case "bigbuf":
			tr.WriteBufferSize = 64 << 10
			tr.ReadBufferSize = 64 << 10
		}
		raw := meilisearch.New(url, meilisearch.WithAPIKey("testkey123456789"), meilisearch.WithCustomClient(&http.Client{Transport: tr}))
		var ds []time.Duration
		for range 6 {
			s := time.Now()
			raw.Index("vendors").Search(ctx, "gotv", &meilisearch.SearchRequest{Limit: 20})
			ds = append(ds, time.Since(s).Round(time.Millisecond))
		}
		t.Log(name, ds)
	}
}

type qaConn struct{ *net.TCPConn }

func (c qaConn) Read(b []byte) (int, error) {
	if rc, err := c.TCPConn.SyscallConn(); err == nil {
		rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_QUICKACK, 1) })
	}
	return c.TCPConn.Read(b)
}

func TestZZQuickack(t *testing.T) {
	url := os.Getenv("SCRATCH_MEILI")
	if url == "" {
		t.Skip()
	}
	ctx := context.Background()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return qaConn{c.(*net.TCPConn)}, nil
	}
	raw := meilisearch.New(url, meilisearch.WithAPIKey("testkey123456789"), meilisearch.WithCustomClient(&http.Client{Transport: tr}))
	var ds []time.Duration
	for range 12 {
		s := time.Now()
		raw.Index("vendors").Search(ctx, "gotv", &meilisearch.SearchRequest{Limit: 20})
		ds = append(ds, time.Since(s).Round(time.Millisecond))
	}
	t.Log("quickack", ds)
}
