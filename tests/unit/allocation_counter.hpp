// Counts calls to the global operator new of the one test executable that includes this
// header (include it from exactly one file): g_allocations, read before and after the code
// that must not allocate.
#pragma once

#include <atomic>
#include <cstdlib>
#include <new>

inline std::atomic<std::size_t> g_allocations{0};
inline std::atomic<std::size_t> g_largest_allocation{
    0};  // bytes; reset it before the code under test

inline void count_allocation(std::size_t n) {
  ++g_allocations;
  std::size_t largest = g_largest_allocation.load();
  while (n > largest && !g_largest_allocation.compare_exchange_weak(largest, n)) {
  }
}

// GCC sees new's malloc and delete's free paired once both are inlined into a caller, and
// -Wmismatched-new-delete takes the replacement for a mismatch: it is the intended pairing.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  count_allocation(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
// The nothrow forms too (std::stable_sort's temporary buffer uses them): every operator new
// of the executable must pair with these deletes, or ASan reports a new/free mismatch.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  count_allocation(n);
  return std::malloc(n ? n : 1);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void* operator new[](std::size_t n) {
  count_allocation(n);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  count_allocation(n);
  return std::malloc(n ? n : 1);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

#pragma GCC diagnostic pop
