package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// SeedScheme names the way streams are derived, recorded in every manifest.
const SeedScheme = "chacha8(sha256(\"tajikpeace/v1\" | master seed u64be | run u64be | label))"

// Stream returns an independent random stream for one purpose of one run.
//
// Each stream is a ChaCha8 generator keyed by SHA-256 of the master seed,
// the run index and a purpose label. Runs therefore never share or overlap
// streams, any run can be regenerated alone, and results do not depend on
// how runs are spread over workers. (Seeding PCG with adjacent integers would
// give correlated streams.)
func Stream(master uint64, run int, label string) *rand.Rand {
	var key [32]byte
	streamKey(&key, master, run, label)
	return rand.New(rand.NewChaCha8(key))
}

func streamKey(key *[32]byte, master uint64, run int, label string) {
	var buf [16 + 64]byte
	h := sha256.New()
	h.Write([]byte("tajikpeace/v1"))
	binary.BigEndian.PutUint64(buf[0:8], master)
	binary.BigEndian.PutUint64(buf[8:16], uint64(run))
	h.Write(buf[:16])
	h.Write([]byte(label))
	h.Sum(key[:0])
}

// streams are the generators of one run, one per purpose, so that adding a
// draw in one mechanism does not shift the numbers another one sees.
type streams struct {
	battle, negotiate, mediator, venue *rand.Rand
}

func newStreams(master uint64, run int) streams {
	return streams{
		battle:    Stream(master, run, "battlefield"),
		negotiate: Stream(master, run, "negotiation"),
		mediator:  Stream(master, run, "mediator"),
		venue:     Stream(master, run, "venue"),
	}
}
