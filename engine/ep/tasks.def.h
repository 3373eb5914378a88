// tasks.def.h - the task table: every task the ep engine runs, declared once
// as TASK(name, queue, priority). A lower priority value runs first among
// the due tasks of one queue. Include with TASK defined; no include guard.
//
//   BgFetcher    Reader  0  a client is blocked on it: first.
//   Flusher      Writer  1  bounds the unpersisted window.
//   Warmup       AuxIO   0  every data operation waits for it.
//   Compactor    AuxIO   5  only reclaims space.
//   ItemPager    NonIO   2  memory pressure.
//   ExpiryPager  NonIO   3  periodic housekeeping.
TASK(BgFetcher, Reader, 0)
TASK(Flusher, Writer, 1)
TASK(Warmup, AuxIO, 0)
TASK(Compactor, AuxIO, 5)
TASK(ItemPager, NonIO, 2)
TASK(ExpiryPager, NonIO, 3)
