// Padmé padding (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
// Communication with PURBs", PETS 2019): the size of every encrypted entry body is rounded up to
// one of few buckets before encryption, so that a relay, a mailbox or anyone on the path learns
// O(log log n) bits of a body's size instead of its exact length; the overhead is at most 12%
// (less for larger bodies). bench/padding_bench measures it on entries of real sizes.
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>

namespace kring {

// The padded length for a plaintext of `length` bytes: `length` rounded up so that only its
// top floor(log2(floor(log2 length))) + 1 bits may be non-zero. PadmeLength(L) >= L.
uint64_t PadmeLength(uint64_t length);

// Sets the body's `padding` field (bytes padding = 15, zeros) so that the serialized body is
// exactly PadmeLength of its size with the smallest padding field; a body without such a field
// is left as it is. Readers need nothing: the field is part of every content body. The padding
// is at least 3 bytes (tag, length, one byte), so tiny bodies pay more than 12%.
void PadBody(google::protobuf::Message& body);

}  // namespace kring
