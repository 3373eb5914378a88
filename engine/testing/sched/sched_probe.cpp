// sched_probe.cpp - small concurrent programs in a dlopen'ed module, written
// with std::thread/std::mutex/std::condition_variable the way an engine
// would, so the scheduler tests prove control reaches code it did not compile.
// Each probe is a C function returning a number the test checks.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#define PROBE_API extern "C" __attribute__((visibility("default")))

namespace {

// A pool of engine threads serving "increment" requests: the read and the
// write of the counter are two critical sections (a check-then-act race),
// and each request ends with a notify the requesting worker waits for.
struct Pool {
  std::mutex m;
  std::condition_variable work_cv, done_cv;
  std::deque<int> jobs;
  std::vector<bool> done;
  bool stop = false;
  long counter = 0;
};

void engine_thread(Pool& p) {
  for (;;) {
    int job;
    {
      std::unique_lock<std::mutex> lk(p.m);
      p.work_cv.wait(lk, [&] { return p.stop || !p.jobs.empty(); });
      if (p.jobs.empty()) return;
      job = p.jobs.front();
      p.jobs.pop_front();
    }
    long seen;
    {
      std::lock_guard<std::mutex> lk(p.m);
      seen = p.counter;  // check ...
    }
    {
      std::lock_guard<std::mutex> lk(p.m);
      p.counter = seen + 1;  // ... then act: an update can be lost
      p.done[job] = true;
    }
    p.done_cv.notify_all();  // the "notify_io_complete"
  }
}

}  // namespace

// `workers` core workers each submit one increment to `engines` engine
// threads and wait for its notify. Returns the final counter (correct:
// `workers`).
PROBE_API long probe_lost_update(int workers, int engines) {
  Pool p;
  p.done.assign(workers, false);
  std::vector<std::thread> pool, clients;
  for (int i = 0; i < engines; ++i) pool.emplace_back(engine_thread, std::ref(p));
  for (int w = 0; w < workers; ++w) {
    clients.emplace_back([&p, w] {
      std::unique_lock<std::mutex> lk(p.m);
      p.jobs.push_back(w);
      p.work_cv.notify_one();
      p.done_cv.wait(lk, [&] { return bool(p.done[w]); });
    });
  }
  for (auto& t : clients) t.join();
  {
    std::lock_guard<std::mutex> lk(p.m);
    p.stop = true;
  }
  p.work_cv.notify_all();
  for (auto& t : pool) t.join();
  return p.counter;
}

// Two threads take two mutexes in opposite order. Returns 0 if it finished.
PROBE_API int probe_deadlock() {
  std::mutex a, b;
  std::thread t1([&] {
    std::lock_guard<std::mutex> la(a);
    std::lock_guard<std::mutex> lb(b);
  });
  std::thread t2([&] {
    std::lock_guard<std::mutex> lb(b);
    std::lock_guard<std::mutex> la(a);
  });
  t1.join();
  t2.join();
  return 0;
}

// A waiter waits up to 1 s for a flag a second thread sets after sleeping
// exactly 1 s. Returns 0 woken with the flag set, 1 timed out, 2 woken
// without the flag (spurious).
PROBE_API int probe_timed_wait() {
  std::mutex m;
  std::condition_variable cv;
  bool flag = false;
  int outcome = -1;
  std::thread waiter([&] {
    std::unique_lock<std::mutex> lk(m);
    const auto status = cv.wait_for(lk, std::chrono::seconds(1));
    outcome = status == std::cv_status::timeout ? 1 : (flag ? 0 : 2);
  });
  std::thread signaller([&] {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    std::lock_guard<std::mutex> lk(m);
    flag = true;
    cv.notify_one();
  });
  waiter.join();
  signaller.join();
  return outcome;
}

// A background task that snoozes an hour between rounds (wait_for(1h) in a
// loop, as an engine's expiry scrubber would) while the caller lets `hours`
// hours pass. Returns how many rounds the task ran.
PROBE_API long probe_snooze(int hours) {
  std::mutex m;
  std::condition_variable cv;
  bool stop = false;
  long rounds = 0;
  std::thread task([&] {
    std::unique_lock<std::mutex> lk(m);
    while (!stop) {
      ++rounds;
      cv.wait_for(lk, std::chrono::hours(1));
    }
  });
  std::this_thread::sleep_for(std::chrono::hours(hours) + std::chrono::minutes(30));
  {
    std::lock_guard<std::mutex> lk(m);
    stop = true;
  }
  cv.notify_all();
  task.join();
  return rounds;
}

// A thread spins on an atomic that only a parked thread would set: the
// scheduler cannot see the spin and must report it instead of hanging.
PROBE_API int probe_spin() {
  std::atomic<bool> go{false};
  std::thread setter([&] { go.store(true); });
  while (!go.load()) {
  }
  setter.join();
  return 0;
}

// Two threads each take one mutex once: a scenario small enough for DFS.
PROBE_API long probe_two_lockers() {
  std::mutex m;
  long value = 0;
  auto add = [&](long k) {
    std::lock_guard<std::mutex> lk(m);
    value = value * 10 + k;
  };
  std::thread t1(add, 1), t2(add, 2);
  t1.join();
  t2.join();
  return value;
}
