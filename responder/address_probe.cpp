#include "responder/address_probe.hpp"

#include <climits>
#include <cstring>

namespace pxescope::responder {

AddressProbes::AddressProbes() : entries_(kCapacity), frames_(kCapacity * kFrameBytes) {
  for (std::size_t i = 0; i < kCapacity; ++i) entries_[i].slot = i;
}

AddressProbes::Entry* AddressProbes::find(std::uint32_t ip) {
  for (Entry& e : entries_)
    if (e.state != State::Free && e.ip == ip) return &e;
  return nullptr;
}

AddressProbes::Entry* AddressProbes::slot_for(std::uint32_t ip) {
  // The address's own entry (a check for another client is replaced), else a free one,
  // else a passed check (its client has had its offer): never one in progress.
  if (Entry* e = find(ip)) return e;
  for (const State reusable : {State::Free, State::Clear})
    for (Entry& e : entries_)
      if (e.state == reusable) return &e;
  return nullptr;
}

AddressProbes::Status AddressProbes::status(std::uint32_t ip, const MacAddress& client) const {
  for (const Entry& e : entries_) {
    if (e.state == State::Free || e.ip != ip || e.client != client) continue;
    return e.state == State::Pending ? Status::Pending : Status::Clear;
  }
  return Status::Unknown;
}

bool AddressProbes::start(std::uint32_t ip, const MacAddress& client,
                          std::span<const std::uint8_t> request, std::int64_t now_ms) {
  if (request.size() > kFrameBytes) return false;
  Entry* e = slot_for(ip);
  if (e == nullptr) return false;
  e->state = State::Pending;
  e->ip = ip;
  e->client = client;
  e->deadline_ms = now_ms + kWaitMs;
  e->length = request.size();
  std::memmove(frames_.data() + e->slot * kFrameBytes, request.data(), request.size());
  return true;
}

bool AddressProbes::claimed(std::uint32_t sender_ip, const MacAddress& sender_mac, Claim& out) {
  Entry* e = find(sender_ip);
  if (e == nullptr || e->state != State::Pending) return false;
  if (e->client == sender_mac) return false;  // the client itself: no conflict
  e->state = State::Free;
  out.ip = e->ip;
  out.client = e->client;
  out.request = request_of(*e);
  return true;
}

std::int64_t AddressProbes::next_deadline_ms() const {
  std::int64_t next = INT64_MAX;
  for (const Entry& e : entries_)
    if (e.state != State::Free && e.deadline_ms < next) next = e.deadline_ms;
  return next;
}

}  // namespace pxescope::responder
