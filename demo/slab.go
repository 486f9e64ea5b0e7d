package demo

// slab hands out fixed-length slices cut from large blocks: one allocation
// per few thousand vendors instead of one per slice. Each slice is capped at
// its length, so appending to one vendor's slice copies instead of writing
// into its neighbour's.
type slab[T any] struct {
	free  []T
	block int // elements per allocation
}

const slabBlock = 4096

func (s *slab[T]) take(n int) []T {
	if n == 0 {
		return nil // nil, not empty, so JSON round trips compare equal
	}
	if len(s.free) < n {
		s.free = make([]T, max(n, s.block))
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}
