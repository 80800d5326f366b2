#include "core/text/stemmer.h"

#include <libstemmer.h>

#include <array>
#include <memory>

namespace kring {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
using StemmerPtr = std::unique_ptr<sb_stemmer, StemmerDeleter>;

constexpr size_t kMaxStemmedBytes = 64;

sb_stemmer* StemmerFor(Language language) {
  thread_local std::array<StemmerPtr, 2> stemmers;
  const size_t index = language == Language::kDutch ? 0 : 1;
  if (!stemmers[index]) {
    // Snowball 3 renamed the Porter-style Dutch stemmer the focus model was trained with to
    // "dutch_porter" ("dutch" became another algorithm); 2.x knows it only as "dutch".
    if (index == 0) {
      stemmers[index].reset(sb_stemmer_new("dutch_porter", "UTF_8"));
      if (!stemmers[index]) stemmers[index].reset(sb_stemmer_new("dutch", "UTF_8"));
    } else {
      stemmers[index].reset(sb_stemmer_new("english", "UTF_8"));
    }
  }
  return stemmers[index].get();
}

}  // namespace

std::string Stem(Language language, std::string_view word) {
  if (word.empty() || word.size() > kMaxStemmedBytes) return std::string(word);
  sb_stemmer* stemmer = StemmerFor(language);
  if (stemmer == nullptr) return std::string(word);  // out of memory: the word itself
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                          static_cast<int>(word.size()));
  if (stem == nullptr) return std::string(word);
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

}  // namespace kring
