// Rules on capitalised words: names of people, places and organisations.
#include <unordered_set>

#include "core/anonymise/block_scanner.h"
#include "core/anonymise/identifiers.h"

namespace kring::anonymiser_internal {

// Lower-case particles between name parts: "de", "van der", "in 't", "op de".
size_t BlockScanner::PrefixRunEnd(size_t k) const {
  size_t m = k;
  while (m < Size() && m < k + 3 && IsWord(m) && !tokens_[m].capitalised && SpacedNext(m)) {
    std::string_view w = Lower(m);
    bool particle = (Flags(m) & G::kPrefix) != 0;
    if (!particle && In(w, {"in", "op", "uit"}) && LowerIs(m + 1, {"'t", "de", "den"}))
      particle = true;
    if (!particle) break;
    ++m;
  }
  return m;
}

// The last token of a name-like chunk starting at i (a capitalised word or an initial).
size_t BlockScanner::ChunkEnd(size_t i) const {
  size_t last = i;
  while (true) {
    if (IsInitial(last)) {
      if (IsCap(last + 2) && SpacedNext(last + 2) && !allowed_[last + 2]) {
        last += 2;
        continue;
      }
      size_t m = PrefixRunEnd(last + 2);
      if (m > last + 2 && IsCap(m) && SpacedNext(m)) {
        last = m;
        continue;
      }
      // Initials without a surname: keep the letter only.
      if (IsCap(last + 2) && !SpacedNext(last + 2) &&
          tokens_[last + 2].end - tokens_[last + 2].begin == 1) {
        last += 2;  // "J.P."
        continue;
      }
      return last;
    }
    size_t k = last + 1;
    if (IsCap(k) && SpacedNext(k) && !allowed_[k]) {
      last = k;
      continue;
    }
    size_t m = PrefixRunEnd(k);
    if (m > k && IsCap(m) && SpacedNext(m) && !allowed_[m]) {
      last = m;
      continue;
    }
    return last;
  }
}

// Longest gazetteer phrase (place or organisation) starting at i; returns its last token.
size_t BlockScanner::PhraseAt(size_t i, uint32_t* flags, uint32_t mask) const {
  if (!(Flags(i) & G::kPhraseStart)) return 0;
  std::string key(Lower(i));
  size_t best = 0;
  for (size_t k = i + 1; k < Size() && k < i + 6 && !tokens_[k].newline_before; ++k) {
    if (tokens_[k].space_before) key.push_back(' ');
    key.append(Lower(k));
    if (uint32_t f = g_.PhraseFlags(key) & mask; f != 0) {
      best = k;
      *flags = f;
    }
  }
  return best;
}

// Extends an organisation over connectors and legal forms: "University of Leeds",
// "Hogeschool van Amsterdam", "Jansen Bouw B.V.".
size_t BlockScanner::ExtendOrganisation(size_t last) const {
  bool connected = false;  // a "voor"/"of" part was joined: "Centrum voor Jeugd en Gezin"
  while (true) {
    if (SpacedNext(last + 1) && LowerIs(last + 1, {"of", "for", "van", "voor", "and", "en", "&"}) &&
        IsCap(last + 2) && SpacedNext(last + 2) && (Flags(last) & (G::kOrgHead | G::kOrgSuffix))) {
      connected = connected || !LowerIs(last + 1, {"and", "en", "&"});
      last = ChunkEnd(last + 2);
      continue;
    }
    // Once: the second of two things the organisation is for ("Jeugd en Gezin", "Arts and
    // Crafts").
    if (connected && SpacedNext(last + 1) && LowerIs(last + 1, {"and", "en"}) && IsCap(last + 2) &&
        SpacedNext(last + 2) && !tokens_[last + 2].sentence_start &&
        !(Flags(last + 2) & (G::kStopword | G::kOrgKnown))) {
      connected = false;
      last = last + 2;
      continue;
    }
    if (SpacedNext(last + 1) && IsPunct(last + 1, '&') && IsCap(last + 2)) {
      last = ChunkEnd(last + 2);
      continue;
    }
    // "& Zn. B.V.", "& Co. Ltd": the dot of an abbreviated name part before a legal form.
    if (IsPunct(last + 1, '.') && !SpacedNext(last + 1) && IsWord(last) &&
        Lower(last).size() <= 3 && IsWord(last + 2) && SpacedNext(last + 2) &&
        (LowerIs(last + 2, {"b", "n", "v"}) || (Flags(last + 2) & G::kOrgSuffix))) {
      // Only when a legal form really follows: otherwise the dot ends the name.
      const size_t k = last + 2;
      const bool legal =
          (LowerIs(k, {"b", "n", "v"}) && IsPunct(k + 1, '.') && LowerIs(k + 2, {"v", "o"})) ||
          LowerIs(k, {"bv", "nv", "ltd", "inc", "gmbh", "plc", "llc", "vof"});
      if (!legal) return last;
      last += 1;
      continue;
    }
    // "B.V." / "N.V." / "bv" / "Ltd."
    if (IsWord(last + 1) && SpacedNext(last + 1) && LowerIs(last + 1, {"b", "n", "v"}) &&
        IsPunct(last + 2, '.') && IsWord(last + 3) && LowerIs(last + 3, {"v", "o"}) &&
        IsPunct(last + 4, '.')) {
      last += 4;
      continue;
    }
    if (IsWord(last + 1) && SpacedNext(last + 1) && (Flags(last + 1) & G::kOrgSuffix) &&
        LowerIs(last + 1, {"bv", "nv", "ltd", "inc", "gmbh", "plc", "llc", "vof", "bvba", "vzw",
                           "cvba", "pty"})) {
      last += 1;
      if (IsPunct(last + 1, '.') && !SpacedNext(last + 1)) last += 1;
      continue;
    }
    return last;
  }
}

void BlockScanner::FindNames() {
  FindChatSpeakers();
  FindMinuteInitials();
  chat_line_ = false;
  size_t next_speaker = 0;
  in_chat_.assign(Size(), false);
  for (size_t i = 0; i < Size(); ++i) {
    if (tokens_[i].newline_before) chat_line_ = false;
    // The learned part judges a chat message's lower-case words too: mark the line's tokens.
    if (chat_line_ && !in_chat_[i]) {
      for (size_t k = i; k < Size() && (k == i || !tokens_[k].newline_before); ++k) {
        in_chat_[k] = true;
      }
    }
    while (next_speaker < chat_speakers_.size() && chat_speakers_[next_speaker].first < i) {
      ++next_speaker;
    }
    if (next_speaker < chat_speakers_.size() && chat_speakers_[next_speaker].first == i) {
      const ChatSpeaker& speaker = chat_speakers_[next_speaker];
      chat_line_ = true;
      // A label's line ("Geboortedatum: …") gets the other rules, as any line does.
      if (speaker.author) {
        bool free = true;
        for (size_t k = i; k <= speaker.last; ++k) free = free && !allowed_[k] && !blocked_[k];
        if (free) Emit(i, speaker.last, EntityType::kPerson, "chat-author", 0.75);
        i = speaker.last;
        continue;
      }
    }
    // "petra.vd.berg 10:14:", "Groot, Marieke de 09:02": Teams and Slack put the author
    // before the time, on a line that starts with it.
    if ((i == 0 || tokens_[i].newline_before) && IsWord(i)) {
      if (const size_t last = AuthorBeforeTimeEnd(i); last != 0) {
        Emit(i, last, EntityType::kPerson, "chat-author", 0.75);
        i = last;
        chat_line_ = true;
        continue;
      }
    }
    // "[09:15] kevin.vd.berg: …", "lieke_b: …": a user name (handles.cc, a structured finding)
    // that starts the line before a colon starts a chat's message too.
    if (!chat_line_ && blocked_[i] && IsWord(i) &&
        (i == 0 || tokens_[i].newline_before || ChatStampBefore(i))) {
      size_t k = i;
      while (k + 1 < Size() && blocked_[k + 1] && !tokens_[k + 1].newline_before) ++k;
      if (IsPunct(k + 1, ':') || (IsPunct(k + 1, '*') && IsPunct(k + 3, ':'))) chat_line_ = true;
    }
    // A chat's message follows its author, also when another rule takes the author's name
    // ("08:16 - Joyce Pinas: … moet lieke …"): the message's lower-case names need to know.
    if (!chat_line_ && IsWord(i) && ChatAuthorEnd(i) != 0) chat_line_ = true;
    if (!IsWord(i) || allowed_[i] || blocked_[i]) continue;
    i = NameAt(i);
  }
}

// A chat's authors, with or without time stamps: lines that start (after a stamp, if any) with
// one to three words and a colon, followed by a message ("lily: hey marcus", "[09:12] hope:
// morning", "lisa v: ik niet", "papa van mees: kan iemand"). The block is a chat when two or
// more such lines carry a message of two words or more, from two to eight authors, one of whom
// is a name or, in lower case, no ordinary word. Then an author whose words are all names is a
// person, after the role words before it ("papa van mees", "Coach:"); a label ("Vraag:",
// "Geboortedatum:", "huisbezoek:") is not. Agendas and forms ("Naam:", "adres:", "tel: 06 …")
// name no one.
void BlockScanner::FindChatSpeakers() {
  chat_speakers_.clear();
  struct Line {
    size_t first, last;  // the author's words
    bool message;        // two words or more after the colon
  };
  std::vector<Line> lines;
  std::vector<std::string_view> authors;
  for (size_t i = 0; i < Size(); ++i) {
    if (i != 0 && !tokens_[i].newline_before) continue;
    size_t w = i;  // the first word on the line, right after a stamp if there is one
    while (w < Size() && w < i + 16 && !IsWord(w) && (w == i || !tokens_[w].newline_before)) ++w;
    if (w >= Size() || (w != i && (tokens_[w].newline_before || !ChatStampBefore(w)))) continue;
    size_t last = w;
    while (last + 1 < Size() && last < w + 2 && IsWord(last + 1) && SpacedNext(last + 1) &&
           !tokens_[last + 1].newline_before) {
      ++last;
    }
    if (!IsPunct(last + 1, ':') || SpacedNext(last + 1) || last + 2 >= Size() ||
        tokens_[last + 2].newline_before || !SpacedNext(last + 2)) {
      continue;
    }
    if (Flags(w) & G::kStopword && !(Flags(w) & kNameFlags)) continue;
    int words = 0;
    for (size_t k = last + 2; k < Size() && !tokens_[k].newline_before && words < 2; ++k) {
      if (IsWord(k)) ++words;
    }
    lines.push_back({w, last, words >= 2});
    if (std::find(authors.begin(), authors.end(), Lower(w)) == authors.end()) {
      authors.push_back(Lower(w));
      if (authors.size() > 8) return;  // no chat; and the scan stays linear
    }
  }
  // A word that names an author by itself: from the name lists, or in lower case, short and no
  // ordinary word ("kez", "mo", "jolene"; not "huisbezoek:", "evaluatie:", "todo:", whose
  // compounds and abbreviations no list holds either).
  auto name_word = [&](size_t k) {
    const uint32_t f = Flags(k);
    if (f & (G::kRoleCue | G::kTitle)) return false;
    if (f & kNameFlags) return true;
    return !tokens_[k].capitalised && !IsCommon(k) && tokens_[k].end - tokens_[k].begin <= 8 &&
           !LowerIs(k, {"todo", "fyi", "nb", "ps", "re", "info", "memo", "update", "obs", "notes"});
  };
  int messages = 0;
  bool named = false, first_name = false;
  for (const Line& line : lines) {
    if (line.message) ++messages;
    for (size_t k = line.first; k <= line.last; ++k) named = named || name_word(k);
    first_name = first_name || (line.first == line.last && (Flags(line.first) & G::kFirstName) &&
                                !IsCommon(line.first));
  }
  if (messages < 2 || !named || authors.size() < 2) return;
  // Three lines or more from two to four authors, one a first name that is no ordinary word
  // ("Kemal:", "Lieve:", "Sanne:"): every one-word author is a name, also one no list holds.
  const bool named_chat = lines.size() >= 3 && authors.size() <= 4 && first_name;
  for (const Line& line : lines) {
    size_t first = line.first;
    // "papa van mees", "moeder van Sem", "[18:40] trainer ronald": the role words stay ("kez
    // van rossum" keeps its "van": no role before it).
    bool role = false;
    for (size_t k = line.first; k < line.last; ++k) {
      const bool role_word = (Flags(k) & (G::kRoleCue | G::kTitle)) != 0;
      if (role_word || (role && LowerIs(k, {"van", "of"}))) first = k + 1;
      role = role || role_word;
    }
    // Every word a name ("tasha b", "kez van rossum"); "Geboortedatum:", "school office:", "Vraag:"
    // are labels. The message is a chat's all the same: the learned part judges its words. In a
    // chat of a first name, a one-word author is a name unless it is an ordinary word ("Actie:").
    bool author = true;
    if (named_chat && first == line.last && !(Flags(first) & (G::kRoleCue | G::kTitle)) &&
        (!IsCommon(first) || (Flags(first) & kNameFlags))) {
      chat_speakers_.push_back({first, first, true});
      continue;
    }
    for (size_t k = first; k <= line.last; ++k) {
      author = author && (name_word(k) || (k > first && (IsInitial(k) || IsPrefixWord(k))));
    }
    chat_speakers_.push_back({first, line.last, author});
  }
}

// Applies the name rules at token i; returns the last token consumed.
size_t BlockScanner::NameAt(size_t i) {
  if (minute_initials_[i]) return i;  // "Aanwezig: JvdM en LT" are two people, no "JvdM en LT"
  const uint32_t f = Flags(i);
  // "Sent: Thu 26/11/2026", "vr 4 dec": a day's abbreviation before a date is no name.
  if ((IsNumber(i + 1) || ((IsPunct(i + 1, ',') || IsPunct(i + 1, '.')) && IsNumber(i + 2))) &&
      IsWeekdayName(Lower(i))) {
    return i;
  }
  // A chat's author after the time stamp that starts the line: "14:02 - sanne:", "[09:12]
  // sanne:", "09:12 dewi:", "12/3/26, 14:05 - Marieke de Vries:", "[18:40] trainer ronald:"
  // (the role word stays).
  if (size_t last = ChatAuthorEnd(i); last != 0) {
    size_t first = i;
    for (size_t k = i; k < last; ++k) {
      if ((Flags(k) & G::kRoleCue) || LowerIs(k, {"van", "of"})) first = k + 1;
    }
    Emit(first, last, EntityType::kPerson, "chat-author", 0.8);
    chat_line_ = true;
    return last;
  }
  // "Tienen, 3 december 2026", "Leeds, 04/12/2026": a letter's place and date, first on its
  // line.
  if ((i == 0 || tokens_[i].newline_before) && IsCap(i) && IsPunct(i + 1, ',') &&
      SpacedNext(i + 2) && IsNumber(i + 2) && (blocked_[i + 2] || MonthAt(i + 3) != 0) &&
      (f & G::kPlace) && !(f & (G::kStopword | G::kTitle | G::kRoleCue)) &&
      !IsWeekdayName(Lower(i))) {
    Emit(i, i, EntityType::kPlace, "place-before-date", 0.7);
    return i;
  }
  // "@kevin", "@Priya": a mention in a chat.
  if (i >= 1 && IsPunct(i - 1, '@') && !SpacedNext(i) && (i == 1 || SpacedNext(i - 1)) &&
      Lower(i).size() >= 2 && !(f & G::kStopword)) {
    Emit(i, i, EntityType::kPerson, "mention", 0.8);
    return i;
  }
  // Titles: "mevrouw Bakker", "Dr. Okafor", "dhr. J. de Wit".
  if (f & G::kTitle) {
    size_t k = IsPunct(i + 1, '.') ? i + 2 : i + 1;
    if (IsCap(k) && SpacedNext(k) && !allowed_[k]) {
      size_t last = ChunkEnd(k);
      Emit(k, last, EntityType::kPerson, "title+name", 0.95);
      return last;
    }
    // In a quick note, in lower case: "dhr yilmaz", "mw. de boer" (after a particle any word
    // is the surname), but not "mevrouw zegt".
    if (IsWord(k) && SpacedNext(k) && !allowed_[k] && !tokens_[k].capitalised) {
      size_t m = k;
      while (m < Size() && m < k + 3 && IsPrefixWord(m) && SpacedNext(m + 1)) ++m;
      if (m > k && IsWord(m) && !tokens_[m].capitalised && !(Flags(m) & G::kStopword)) {
        Emit(k, m, EntityType::kPerson, "title+name", 0.85);
        return m;
      }
      if (m == k && !(Flags(k) & (G::kStopword | G::kTitle | G::kRoleCue)) &&
          ((Flags(k) & kNameFlags) || !IsCommon(k)) && Lower(k).size() >= 2) {
        Emit(k, k, EntityType::kPerson, "title+name", 0.85);
        return k;
      }
    }
  }
  // Lower-case organisation heads: "gemeente Utrecht", "basisschool De Regenboog".
  if ((f & G::kOrgHead) && !tokens_[i].capitalised && IsCap(i + 1) && SpacedNext(i + 1) &&
      !allowed_[i + 1]) {
    size_t last = ExtendOrganisation(ChunkEnd(i + 1));
    Emit(i, last, EntityType::kOrganisation, "org-head", 0.85);
    return last;
  }
  // Role words: "collega Ahmed", "client Sarah" (the name must not be a common word).
  // Two capitalised words after a role word are a name even when both are also ordinary
  // words ("director Felicity Brandt": "brandt" is a Dutch verb form).
  if ((f & G::kRoleCue) && IsCap(i + 1) && SpacedNext(i + 1) && !allowed_[i + 1] &&
      ((Flags(i + 1) & kGazetteerFlags) || !IsCommon(i + 1) || ChunkEnd(i + 1) > i + 1)) {
    size_t last = ChunkEnd(i + 1);
    Emit(i + 1, last, ClassifyGuess(i + 1, last), "role+name", 0.8);
    return last;
  }
  if (!tokens_[i].capitalised) {
    // "in almere", "from luton": a place in lower case right after a word that introduces one,
    // or anywhere in a chat's message ("can you cover the leeds office").
    if ((PlaceContext(i) || chat_line_) && (f & G::kPlace) && !IsCommon(i) && !(f & kNameFlags) &&
        Lower(i).size() >= 4) {
      Emit(i, i, EntityType::kPlace, "lower-case-place", 0.6);
      return i;
    }
    // "nu uber eats en soms deliveroo", "albert heijn betaalde slechter": a known organisation
    // of several words in lower case in a chat's message.
    if (chat_line_ && (!IsCommon(i) || OrganisationContext(i))) {
      uint32_t org_flags = 0;
      if (const size_t last = PhraseAt(i, &org_flags, G::kOrgKnown); last != 0) {
        Emit(i, last, EntityType::kOrganisation, "lower-case-organisation", 0.6);
        return last;
      }
    }
    // "bij action", "bij jumbo", "at next" in a chat's message: a known organisation that is
    // also a word.
    if (chat_line_ && i >= 1 &&
        (((f & G::kOrgKnown) && OrganisationContext(i) && !IsPunct(i - 1, ':')) ||
         ((f & G::kOrgWord) && LowerIs(i - 1, {"bij"})))) {
      Emit(i, i, EntityType::kOrganisation, "lower-case-organisation", 0.6);
      return i;
    }
    // "bij humanitas", "in tesco", "at stepchange": a known organisation in lower case after
    // a preposition, or anywhere in a chat's message ("of anders lidl").
    if ((f & G::kOrgKnown) && !IsCommon(i) && i >= 1 &&
        ((chat_line_ && Lower(i).size() >= 3) || PlaceContext(i) || OrganisationContext(i) ||
         LowerIs(i - 1, {"at", "with", "de", "het", "the", "via", "for"}))) {
      Emit(i, i, EntityType::kOrganisation, "lower-case-organisation", 0.6);
      return i;
    }
    return LowerCaseName(i);
  }
  // "'s-Hertogenbosch", "'s-Gravenhage": the tokeniser splits the article off.
  if (i >= 2 && IsPunct(i - 1, '-') && !SpacedNext(i - 1) && !SpacedNext(i) &&
      LowerIs(i - 2, {"'s", "\xE2\x80\x99s"})) {
    std::string key = "'s-";
    key.append(Lower(i));
    if (g_.Flags(key) & G::kPlace) {
      Emit(i - 2, i, EntityType::kPlace, "gazetteer:place", 0.9);
      return i;
    }
  }
  // "in Best", "from Street", "near Ware": a place that is also a word, right after a word
  // that introduces a place; "Co. Dublin", "County Kerry": an Irish county.
  if ((f & G::kPlaceWord) && !(f & (kNameFlags | G::kOrgKnown)) && !tokens_[i].sentence_start &&
      i >= 2 &&
      LowerIs(i - 1, {"in", "uit", "naar", "te", "nabij", "near", "rond", "buiten", "around"}) &&
      !tokens_[i - 1].capitalised && !IsCap(i - 2) && !(IsCap(i + 1) && SpacedNext(i + 1))) {
    Emit(i, i, EntityType::kPlace, "place-word-after-preposition", 0.7);
    return i;
  }
  // "Dublin 2", "Dublin 11": a postal district belongs to its city.
  if (LowerIs(i, {"dublin"}) && SpacedNext(i + 1) && Value(i + 1) >= 1 && Value(i + 1) <= 24 &&
      (i + 2 >= Size() || tokens_[i + 2].newline_before || (!IsWord(i + 2) && !IsNumber(i + 2)))) {
    Emit(i, i + 1, EntityType::kPlace, "dublin-district", 0.85);
    return i + 1;
  }
  if (LowerIs(i, {"co", "county"}) && IsCap(i + (IsPunct(i + 1, '.') ? 2 : 1))) {
    const size_t name = i + (IsPunct(i + 1, '.') ? 2 : 1);
    if (SpacedNext(name) && (Flags(name) & (G::kPlace | G::kPlaceWord))) {
      Emit(i, name, EntityType::kPlace, "county", 0.85);
      return name;
    }
  }

  // "zijn dochter Roos", "his daughter Hope": after a word for a family member a capitalised
  // word is a name, also when it is an ordinary word.
  if (i >= 1 && !tokens_[i].sentence_start && SpacedNext(i) &&
      LowerIs(i - 1,
              {"dochter",       "zoon",       "daughter", "son",       "broer",        "zus",
               "brother",       "sister",     "vrouw",    "wife",      "husband",      "moeder",
               "vader",         "mother",     "father",   "kleinzoon", "kleindochter", "grandson",
               "granddaughter", "neef",       "nicht",    "nephew",    "niece",        "vriendin",
               "vriend",        "girlfriend", "boyfriend"}) &&
      !(f & (G::kTitle | G::kRoleCue | G::kOrgHead | G::kOrgKnown | G::kStopword)) &&
      !tokens_[i].all_upper) {
    const size_t last = ChunkEnd(i);
    Emit(i, last, EntityType::kPerson, "family+name", 0.75);
    return last;
  }
  // "My name is Sterling Lent", "mijn naam is Roos Visser": whatever stands after it.
  if (i >= 2 && IsCap(i) && LowerIs(i - 1, {"is"}) && LowerIs(i - 2, {"name", "naam"}) &&
      !(f & (G::kStopword | G::kTitle))) {
    const size_t last = ChunkEnd(i);
    Emit(i, last, EntityType::kPerson, "name-is", 0.8);
    return last;
  }
  // "Rick and Star", "Jan en Roos": a capitalised word joined to a first name is a name too,
  // also when it is an ordinary word.
  if (i >= 2 && IsCap(i) && !tokens_[i].sentence_start &&
      (LowerIs(i - 1, {"and", "en"}) || IsPunct(i - 1, '&')) && IsCap(i - 2) &&
      (Flags(i - 2) & G::kFirstName) && !IsCommon(i - 2) &&
      !(f & (G::kStopword | G::kTitle | G::kRoleCue | G::kOrgHead | G::kOrgSuffix | G::kOrgKnown |
             G::kPlace)) &&
      !(IsCap(i + 1) && SpacedNext(i + 1)) && !tokens_[i].all_upper) {
    Emit(i, i, EntityType::kPerson, "family+name", 0.65);
    return i;
  }
  // "Guy said", "Wil zegt": a first name that is also a word, at a sentence start, before a
  // verb of speaking.
  if (tokens_[i].sentence_start && (f & G::kFirstName) && SpacedNext(i + 1) &&
      LowerIs(i + 1, {"said", "says", "told", "asked", "zei", "zegt", "vertelde", "vroeg",
                      "vertelt", "vraagt"})) {
    Emit(i, i, EntityType::kPerson, "first-name+speech", 0.7);
    return i;
  }
  // "(K.)", "(P.)": a lone initial in brackets stands for a person.
  if (i >= 1 && IsInitial(i) && IsPunct(i - 1, '(') && IsPunct(i + 2, ')')) {
    Emit(i, i + 1, EntityType::kPerson, "initial-in-brackets", 0.7);
    return i + 1;
  }
  // "K. has started", "hier Y. genoemd", "D.S. (19) uit Apeldoorn": initials alone that stand
  // for a person, before a verb people do or (two or more) before an age in brackets.
  if (IsInitial(i) && !(i >= 1 && IsPunct(i - 1, '.') && !SpacedNext(i)) &&
      !InitialsAreAnAbbreviation(i)) {
    size_t last = i + 1;  // the dot
    while (IsInitial(last + 1) && !SpacedNext(last + 1)) last += 2;
    const size_t next = last + 1;
    const bool several = last > i + 1;
    const bool verb =
        SpacedNext(next) &&
        LowerIs(next,
                {"has",   "had", "is",    "was",  "said",     "says",  "told", "started", "wants",
                 "heeft", "had", "zei",   "zegt", "vertelde", "wordt", "werd", "genoemd", "noemt",
                 "kreeg", "got", "belde", "belt", "begon",    "wil",   "gaat", "went"});
    const bool age = several && IsPunct(next, '(') && IsNumber(next + 1) && IsPunct(next + 2, ')');
    // Not "plan B. Is dat", "vitamine D. Was": after a word that numbers things, or a lone
    // capital that ends a sentence before a capitalised verb.
    const bool ends_sentence = !several && IsWord(next) && tokens_[next].capitalised;
    if ((verb || age) && !ends_sentence && !(i >= 1 && LetterNotNameAfter(i - 1))) {
      Emit(i, last, EntityType::kPerson, "initials-alone", 0.65);
      return last;
    }
  }
  // "te Haren", "wonend te Gouda": after Dutch "te" a capitalised word mid-sentence is a
  // place, also when it is an ordinary word as well.
  if (i >= 1 && LowerIs(i - 1, {"te"}) && !tokens_[i - 1].capitalised &&
      !tokens_[i].sentence_start && SpacedNext(i) &&
      !(f & (G::kTitle | G::kRoleCue | G::kOrgHead)) && !tokens_[i].all_upper) {
    const size_t last = ChunkEnd(i);
    Emit(i, last, EntityType::kPlace, "te+place", 0.8);
    return last;
  }
  // "Almere-Buiten", "Amsterdam-Noord": a known place with a capitalised part after its dash.
  if (hyphen_name_[i] && !(f & kNameFlags)) {
    const std::string_view w = Lower(i);
    if (g_.Flags(w.substr(0, w.find('-'))) & G::kPlace) {
      Emit(i, i, EntityType::kPlace, "place-part", 0.85);
      return i;
    }
  }
  // A name in a letter's signature: the line after "Met vriendelijke groet," or "Warm
  // regards," that holds only one to three capitalised words.
  if (tokens_[i].newline_before && i >= 2 && IsPunct(i - 1, ',')) {
    bool closing = false;
    for (size_t k = i - 1; k >= 1 && i - k < 5 && !tokens_[k].newline_before; --k) {
      closing = closing ||
                LowerIs(k - 1, {"groet", "groeten", "regards", "wishes", "thanks", "bedankt",
                                "sincerely", "faithfully", "cheers", "best", "dank", "hartelijks"});
    }
    size_t last = i;
    while (last + 1 < Size() && !tokens_[last + 1].newline_before && last < i + 3 &&
           (IsCap(last + 1) || IsPunct(last + 1, '.') || IsPrefixWord(last + 1))) {
      ++last;
    }
    const bool whole_line = last + 1 >= Size() || tokens_[last + 1].newline_before;
    // Each word a name, an initial, a particle or no ordinary word: "De Directie", "The
    // Coaching Team" and "Rabobank Utrecht" are no person.
    bool names = true;
    for (size_t k = i; k <= last; ++k) {
      if (IsPunct(k, '.') || IsInitial(k) || IsPrefixWord(k)) continue;
      names = names &&
              !(Flags(k) & (G::kOrgKnown | G::kOrgHead | G::kOrgSuffix | G::kStopword |
                            G::kRoleCue | G::kPlace)) &&
              ((Flags(k) & kNameFlags) || !IsCommon(k));
    }
    if (closing && whole_line && names && !(f & (G::kTitle | G::kRoleCue | G::kOrgHead))) {
      Emit(i, last, EntityType::kPerson, "signature", 0.75);
      return last;
    }
  }
  // "Ffion (aged 16)", "Will (11)": a capitalised word with an age in brackets after it.
  if (IsPunct(i + 1, '(') && (LowerIs(i + 2, {"aged", "age", "leeftijd"}) ||
                              (Value(i + 2) >= 0 && Value(i + 2) <= 110 && IsPunct(i + 3, ')')))) {
    const bool aged = LowerIs(i + 2, {"aged", "age", "leeftijd"});
    // A child's age after a word that is also an ordinary word, mid-sentence after a lower-case
    // word: "that Will (11) is", "van Ties (6)", "for Teddy (aged 6)"; not a heading's "Groep (3)".
    const bool child = !tokens_[i].sentence_start && i >= 1 && IsWord(i - 1) &&
                       !tokens_[i - 1].capitalised &&
                       (aged || (Value(i + 2) >= 0 && Value(i + 2) <= 17));
    const bool name_like =
        (f & kNameFlags) || (!IsCommon(i) && (aged || !tokens_[i].sentence_start)) || child;
    const bool place_only = (f & G::kPlace) && !(f & kNameFlags);
    if (name_like && !place_only && !(f & (G::kTitle | G::kRoleCue | G::kOrgHead | G::kOrgKnown)) &&
        !IsNumberedThing(i) && !tokens_[i].all_upper && tokens_[i].end - tokens_[i].begin > 1) {
      Emit(i, i, EntityType::kPerson, "name+age", 0.7);
      return i;
    }
  }

  // "zwemt bij De Dolfijn", "held at The Hive", "locatie De Bolder": a name with an article,
  // where an organisation stands, is one (not a place: "at The Hague").
  if (IsCap(i) && LowerIs(i, {"de", "het", "the"}) && !tokens_[i].sentence_start &&
      (OrganisationContext(i) || (i >= 1 && LowerIs(i - 1, {"locatie", "location", "owner"}))) &&
      IsCap(i + 1) && SpacedNext(i + 1) && !(Flags(i + 1) & (G::kStopword | G::kTitle))) {
    uint32_t place_flags = 0;
    if (PhraseAt(i, &place_flags) == 0 || !(place_flags & G::kPlace)) {
      size_t last = ChunkEnd(i + 1);
      if (!((Flags(i + 1) & G::kPlace) && last == i + 1)) {
        last = ExtendOrganisation(last);
        Emit(i, last, EntityType::kOrganisation, "org-cue", 0.7);
        return last;
      }
    }
  }
  // "bij Action", "at Next", "Werkgever: Plus", "shopping at The Warehouse": a known
  // organisation whose name is also an ordinary word, where an organisation stands.
  if (IsCap(i) && OrganisationContext(i)) {
    uint32_t word_flags = 0;
    size_t last = PhraseAt(i, &word_flags, G::kOrgWord);
    if (last == 0 && (f & G::kOrgWord) && !hyphen_name_[i]) last = i;
    // "at Arm Holdings": a longer name is judged as a whole below.
    if (last != 0 && !(IsCap(last + 1) && SpacedNext(last + 1))) {
      Emit(i, last, EntityType::kOrganisation, "known-organisation-word", 0.75);
      return last;
    }
  }
  // Multi-word places and organisations from the gazetteer: "Den Haag", "ABN AMRO".
  uint32_t phrase_flags = 0;
  if (size_t last = PhraseAt(i, &phrase_flags); last != 0) {
    if (phrase_flags & G::kOrgKnown) {
      last = ExtendOrganisation(last);
      // "Centrum Jeugd en Gezin Heerenveen", "Rabobank Utrecht": a branch named by its place.
      if (IsCap(last + 1) && SpacedNext(last + 1) &&
          (Flags(last + 1) & (G::kPlace | G::kPlaceWord)) && !(Flags(last + 1) & kNameFlags)) {
        ++last;
      }
      Emit(OrganisationStart(i), last, EntityType::kOrganisation, "gazetteer:organisation", 0.9);
    } else if (IsCap(last + 1) && SpacedNext(last + 1) && (Flags(last + 1) & G::kOrgSuffix)) {
      // "St Mary's Hospital", "Leeds General Infirmary": a place that names an organisation.
      last = ExtendOrganisation(ChunkEnd(last + 1));
      Emit(OrganisationStart(i), last, EntityType::kOrganisation, "place+org-word", 0.85);
    } else {
      Emit(i, last, EntityType::kPlace, "gazetteer:place", 0.9);
    }
    return last;
  }
  size_t first = i;
  size_t last = ChunkEnd(i);
  // At a sentence start a capitalised function word is not a name: "De", "Tijdens", "The";
  // but initials before a name are ("A. Reitsma", "A.M. Reitsma").
  const bool initials =
      IsInitial(i) && (IsInitial(i + 2) || (IsCap(i + 2) && SpacedNext(i + 2) &&
                                            (!IsCommon(i + 2) || (Flags(i + 2) & kNameFlags))));
  // "Van der Meulen wijst op ...": particles and a surname at a sentence start.
  if (tokens_[i].sentence_start && (f & G::kPrefix) && IsPrefixWord(i + 1) && SpacedNext(i + 1)) {
    size_t m = i + 1;
    while (m < Size() && m < i + 4 && IsPrefixWord(m) && SpacedNext(m)) ++m;
    if (IsCap(m) && SpacedNext(m) && ((Flags(m) & G::kSurname) || !IsCommon(m)) &&
        !(Flags(m) & (G::kOrgKnown | G::kOrgHead | G::kPlace))) {
      const size_t surname_end = ChunkEnd(m);
      Emit(i, surname_end, EntityType::kPerson, "prefix+surname", 0.8);
      return surname_end;
    }
  }
  if (tokens_[i].sentence_start && IsCommon(i) && !(f & kGazetteerFlags) && !initials) {
    bool surname_prefix = (f & G::kPrefix) && last > i && IsCap(i + 1) &&
                          ((Flags(i + 1) & G::kSurname) || !IsCommon(i + 1));
    if (!surname_prefix) {
      if (last == i) return i;
      return i;  // the next word is judged on its own, as a mid-sentence word
    }
    Emit(i, last, EntityType::kPerson, "prefix+surname", 0.8);
    return last;
  }
  // "Countess of Chester Hospital": a connector joins an organisation name.
  if (SpacedNext(last + 1) && LowerIs(last + 1, {"of", "van", "for", "voor"}) && IsCap(last + 2) &&
      SpacedNext(last + 2)) {
    size_t tail = ChunkEnd(last + 2);
    for (size_t k = last + 2; k <= tail; ++k) {
      if (Flags(k) & G::kOrgSuffix) {
        size_t org_last = ExtendOrganisation(tail);
        Emit(OrganisationStart(first), org_last, EntityType::kOrganisation, "org-cue", 0.85);
        return org_last;
      }
    }
  }
  return Classify(first, last);
}

// Whether a chat's time stamp that starts its line ends right before token i: "[09:12]",
// "[3-12-2026 09:12:33]", "09:12", "14:02 -", "12/3/26, 14:05 -".
bool BlockScanner::ChatStampBefore(size_t i) const {
  auto line_start = [this](size_t k) { return k == 0 || tokens_[k].newline_before; };
  if (i >= 4 && IsPunct(i - 1, ']')) {
    size_t open = i - 1;
    bool colon = false;
    while (open > 0 && i - open < 14 && !IsPunct(open, '[')) {
      --open;
      if (IsPunct(open, ':')) colon = true;
      if (IsWord(open)) return false;
    }
    return IsPunct(open, '[') && colon && line_start(open);
  }
  size_t k = i;
  if (k >= 1 && (IsPunct(k - 1, '-') || IsEnDash(k - 1))) --k;
  // hh:mm, or hh:mm:ss
  if (k < 3 || !IsNumber(k - 1) || !IsPunct(k - 2, ':') || !IsNumber(k - 3)) return false;
  k -= 3;
  if (k >= 2 && IsPunct(k - 1, ':') && IsNumber(k - 2)) k -= 2;
  if (Value(k) > 23 || tokens_[k].end - tokens_[k].begin > 2) return false;
  if (line_start(k)) return true;
  // A date before the time, on the same line: "12/3/26, 14:05", "03-12-2026 09:12".
  size_t d = k;
  if (IsPunct(d - 1, ',')) --d;
  int numbers = 0;
  while (d >= 1 && !line_start(d) && d + 7 > k &&
         (IsNumber(d - 1) || IsPunct(d - 1, '/') || IsPunct(d - 1, '-') || IsPunct(d - 1, '.'))) {
    numbers += IsNumber(d - 1) ? 1 : 0;
    --d;
  }
  return numbers == 3 && IsNumber(d) && line_start(d);
}

// The last token of an author's name that starts the line at i and stands right before a time
// that ends the line or is followed by a colon: a user name ("petra.vd.berg 10:14:",
// "hamish.mcgregor 08:58"), or names in "Surname, First name" order ("Groot, Marieke de 09:02");
// 0 otherwise. A user name needs one part that is a name; written names need every word a name,
// a particle or no ordinary word ("Lunch 12:30" is an agenda).
size_t BlockScanner::AuthorBeforeTimeEnd(size_t i) const {
  size_t k = i;
  bool dotted = false, comma = false;
  while (k < Size() && k < i + 9 && !(k > i && tokens_[k].newline_before) && !IsNumber(k)) {
    if (IsPunct(k, '.') || IsPunct(k, '_')) {
      if (SpacedNext(k) || SpacedNext(k + 1) || !IsWord(k - 1) || !IsWord(k + 1)) return 0;
      dotted = true;
    } else if (IsPunct(k, ',')) {
      if (comma || k == i) return 0;
      comma = true;
    } else if (!IsWord(k)) {
      return 0;
    }
    ++k;
  }
  const size_t last = k - 1;
  if (k == i || k >= Size() || !IsNumber(k) || tokens_[k].newline_before || !SpacedNext(k) ||
      Value(k) > 23 || tokens_[k].end - tokens_[k].begin > 2 || !IsPunct(k + 1, ':') ||
      !IsNumber(k + 2) || tokens_[k + 2].end - tokens_[k + 2].begin != 2) {
    return 0;
  }
  const size_t after = k + 3;
  if (!(after >= Size() || tokens_[after].newline_before || IsPunct(after, ':'))) return 0;
  if (dotted && comma) return 0;
  bool named = false, listed = false;
  for (size_t w = i; w <= last; ++w) {
    if (!IsWord(w)) continue;
    if (blocked_[w] || allowed_[w]) return 0;
    const uint32_t fw = Flags(w);
    const bool name = (fw & kNameFlags) || (!IsCommon(w) && !(fw & (G::kTitle | G::kStopword)));
    named = named || (name && !(fw & G::kRoleCue));
    listed = listed || ((fw & kNameFlags) && !(fw & G::kRoleCue));
    if (!dotted && !name && !IsPrefixWord(w) && !LowerIs(w, {"de", "van", "der", "den"})) return 0;
  }
  // Written names need a word from the name lists: "Evaluatie 14:00" and "MDO 10:00" are an
  // agenda even when the word is in no dictionary.
  return named && (dotted || listed) ? last : 0;
}

// The last token of a chat author's name at i, right after a time stamp at the start of a line
// (ChatStampBefore), up to four words before the colon; 0 when i does not start one.
size_t BlockScanner::ChatAuthorEnd(size_t i) const {
  if (!IsWord(i) || !ChatStampBefore(i)) return 0;
  size_t last = i;
  while (last + 1 < Size() && last < i + 3 && IsWord(last + 1) && SpacedNext(last + 1) &&
         !tokens_[last + 1].newline_before) {
    ++last;
  }
  if (!IsPunct(last + 1, ':')) return 0;
  // Each word a name, a particle, a role, or no ordinary word: "[09:00] Intake:" and "09:00 -
  // Pauze:" are an agenda.
  bool name = false;
  for (size_t k = i; k <= last; ++k) {
    const uint32_t fk = Flags(k);
    if (fk & G::kStopword && !IsPrefixWord(k) && !LowerIs(k, {"van", "of"})) return 0;
    const bool named = (fk & kNameFlags) || (!IsCommon(k) && !(fk & G::kTitle));
    // After the first word, a capitalised word is the name's next part even when it is also a
    // word ("Joyce Pinas:", "Sanne Bakker:"); the first word must be a name on its own.
    const bool next_part = k > i && tokens_[k].capitalised;
    if (!named && !next_part && !IsPrefixWord(k) && !(fk & G::kRoleCue) &&
        !LowerIs(k, {"van", "of"})) {
      return 0;
    }
    name = name || (named && !(fk & G::kRoleCue));
  }
  return name ? last : 0;
}

// Type guess for a chunk that is a name for other reasons (title, role, list).
EntityType BlockScanner::ClassifyGuess(size_t first, size_t last) const {
  for (size_t k = first; k <= last; ++k) {
    if (k > first && (Flags(k) & G::kOrgSuffix)) return EntityType::kOrganisation;
    if (Flags(k) & G::kOrgKnown) return EntityType::kOrganisation;  // "partner Rabobank"
  }
  return EntityType::kPerson;
}

bool BlockScanner::OrganisationContext(size_t i) const {
  if (i >= 1 && LowerIs(i - 1, {"bij", "at", "for", "via", "voor", "with", "naar", "van", "by",
                                "joined", "left", "quit", "energy", "energie", "phone", "broadband",
                                "insurer", "verzekeraar", "supplier"})) {
    return true;
  }
  // "Pak'nSave and Countdown", "Jumbo, Plus": the next of a list of known organisations.
  if (i >= 2 &&
      (LowerIs(i - 1, {"and", "en", "or", "of"}) || IsPunct(i - 1, ',') || IsPunct(i - 1, '&')) &&
      (Flags(i - 2) & (G::kOrgKnown | G::kOrgWord)) && !IsCommon(i - 2) && IsWord(i - 2)) {
    return true;
  }
  return i >= 2 && IsPunct(i - 1, ':') &&
         LowerIs(i - 2,
                 {"werkgever",    "employer",      "creditors",   "schuldeisers", "bedrijf",
                  "company",      "opdrachtgever", "organisatie", "organisation", "stageplek",
                  "stagebedrijf", "placement",     "leverancier", "supplier",     "provider",
                  "winkel",       "store",         "shop",        "werkt",        "works"});
}

bool BlockScanner::PlaceContext(size_t first) const {
  return first >= 1 && LowerIs(first - 1, {"in", "uit", "naar", "te", "nabij", "from", "near",
                                           "rond", "richting", "buiten", "bij", "around", "to"});
}

size_t BlockScanner::Classify(size_t first, size_t last) {
  uint32_t any = 0, all = ~0u;
  size_t words = 0;
  bool org_suffix = false;
  for (size_t k = first; k <= last; ++k) {
    if (!IsCap(k) || IsInitial(k)) continue;
    ++words;
    any |= Flags(k);
    all &= Flags(k);
    if (k > first && (Flags(k) & G::kOrgSuffix)) org_suffix = true;
  }
  if (words == 0) return last;
  // Initials before a capitalised word are a name wherever they stand: "A.M. Reitsma werkt".
  const bool start = tokens_[first].sentence_start && !IsInitial(first);
  const uint32_t ff = Flags(first);
  // "Be Quick '28", "SV Colmschate '33": a club with the year it was founded.
  if (IsPunct(last + 1, '\'') && SpacedNext(last + 1) && IsNumber(last + 2) &&
      !SpacedNext(last + 2) && tokens_[last + 2].end - tokens_[last + 2].begin == 2 &&
      (!IsWord(last + 3) || SpacedNext(last + 3))) {
    Emit(first, last + 2, EntityType::kOrganisation, "club-year", 0.8);
    return last + 2;
  }
  // "Focus Ireland", "Turning Point Scotland", "Samen Veilig Midden-Nederland", "Age UK": a
  // name that ends in its country or region, unless it is a region itself ("Northern Ireland",
  // "Oost Nederland").
  if (words >= 2 && last > first && IsCap(last) &&
      LowerIs(last, {"ireland", "scotland", "wales", "cymru", "uk", "england", "nederland",
                     "midden-nederland", "noord-nederland", "oost-nederland", "zuid-nederland",
                     "vlaanderen", "australia", "international", "internationaal", "europe",
                     "europa", "nl"}) &&
      !(ff & G::kPlace) &&
      !LowerIs(first, {"north",    "south",   "east",  "west", "northern", "southern",
                       "eastern",  "western", "noord", "zuid", "oost",     "midden",
                       "central",  "greater", "rural", "heel", "all",      "whole",
                       "republic", "great",   "new",   "nieuw"})) {
    Emit(OrganisationStart(first), last, EntityType::kOrganisation, "org-region", 0.75);
    return last;
  }
  size_t org_last = ExtendOrganisation(last);
  if (org_suffix || org_last != last || ((ff & G::kOrgHead) && words >= 2) ||
      (any & G::kOrgKnown)) {
    // "Mind you", "Boots and shoes": a known organisation that is also an ordinary word is the
    // word at a sentence start.
    if (start && words == 1 && (ff & (G::kStopword | G::kCommon))) return last;
    size_t org_first = first;
    // "Harbour Lane Coaching Ltd" at the start of a line: the ordinary word the sentence-start
    // rule split off belongs to the name when a legal form or organisation word ends it.
    if (org_suffix && first >= 1 && SpacedNext(first) && IsCap(first - 1) && IsWord(first - 1) &&
        tokens_[first - 1].sentence_start && !IsInitial(first - 1) &&
        !(Flags(first - 1) & (G::kStopword | G::kTitle | G::kRoleCue))) {
      org_first = first - 1;
    }
    Emit(OrganisationStart(org_first), org_last, EntityType::kOrganisation, "org-cue", 0.85);
    return org_last;
  }
  // At a sentence start, one ordinary word that only a generated list calls a name ("Sterke
  // vragen", "Best regards") is judged as the ordinary word it also is.
  if (start && words == 1 && IsCommon(first) && !(ff & G::kListed)) return last;
  if (words == 1 && (ff & G::kPlace) && (!(ff & kNameFlags) || PlaceContext(first))) {
    Emit(first, last, EntityType::kPlace, "gazetteer:place", 0.85);
    return last;
  }
  // "DOB", "NI", "IP" in a form or a table header: a short acronym that is also an ordinary
  // word is that word, not a surname in capitals.
  if (words == 1 && tokens_[first].all_upper && Lower(first).size() <= 3 && IsCommon(first) &&
      !(ff & G::kListed)) {
    // Unless it is a place's short name ("NI", "NY"): that stays a place.
    if (ff & G::kPlace) Emit(first, last, EntityType::kPlace, "gazetteer:place", 0.8);
    return last;
  }
  if (any & kNameFlags) {
    if (start && words == 1 && (ff & G::kStopword)) return last;
    Emit(first, last, EntityType::kPerson,
         (ff & G::kFirstName) ? "gazetteer:first-name" : "gazetteer:surname", 0.9);
    return last;
  }
  if (all & G::kPlace) {
    Emit(first, last, EntityType::kPlace, "gazetteer:place", 0.85);
    return last;
  }
  // Unknown capitalised words: suspicious mid-sentence unless they are ordinary words; at a
  // sentence start only by their shape or the verb after them.
  if (start && words == 1) {
    if (NameAtSentenceStart(first)) {
      Emit(first, last, EntityType::kPerson, "sentence-start-name", 0.6);
    }
    return last;
  }
  // "R.A. Doornbos", "bij L. Eilander": initials make the capitalised word after them a
  // surname, also when it is an ordinary word. One initial only mid-sentence, and never before
  // a function word ("vitamine D. Daarna").
  if (IsInitial(first) && IsCap(last) && !IsInitial(last) && last >= first + 2 &&
      !InitialsAreAnAbbreviation(first) &&
      !(Flags(last) & (G::kStopword | G::kTitle | G::kRoleCue | G::kOrgKnown | G::kPlace)) &&
      !IsWeekdayName(Lower(last)) && MonthNumber(Lower(last)) == 0 &&
      !(first >= 1 && LetterNotNameAfter(first - 1)) &&
      (IsInitial(first + 2) ||
       // One initial: only after a word that a name follows ("bij L. Eilander", "to J. Baker"),
       // so that "optie B. Volgende week" ends a sentence.
       (!tokens_[first].sentence_start && first >= 1 && IsWord(first - 1) &&
        LowerIs(first - 1, {"bij", "met", "van",  "door",  "aan",     "voor",  "naar",   "en",
                            "of",  "als", "to",   "with",  "from",    "by",    "and",    "or",
                            "for", "at",  "dear", "beste", "geachte", "hoort", "belongs"})))) {
    Emit(first, last, EntityType::kPerson, "initials+name", 0.75);
    return last;
  }
  bool uncommon = false;
  for (size_t k = first; k <= last; ++k) {
    if (IsCap(k) && !IsInitial(k) && !IsCommon(k) && !(Flags(k) & (G::kTitle | G::kRoleCue)))
      uncommon = true;
  }
  if (!uncommon) return last;
  EntityType type = EntityType::kPerson;
  const char* rule = "capitalised-unknown";
  std::string_view lw = Lower(last);
  if (PlaceContext(first)) {
    type = EntityType::kPlace;
    rule = "capitalised-after-preposition";
  } else if (words == 1 && tokens_[first].all_upper) {
    // "P50", "L4-L5", "M4", "VV4": a short code of letters and digits is a percentile, a
    // vertebra, a road or a form, not an organisation; a longer one ("INC0041877",
    // "V1293847Z") is a number of someone's file.
    const std::string_view code = Lower(first);
    const auto digits =
        std::count_if(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool standard = code.starts_with("iso") || code.starts_with("nen") ||
                          code.starts_with("iec") || code.starts_with("din");
    if (digits >= 3 && code.size() >= 5 && !standard) {
      Emit(first, last, EntityType::kIdentifier, "code-shaped", 0.6);
      return last;
    }
    if (digits > 0) return last;
    type = EntityType::kOrganisation;
    rule = "acronym";
  } else if (lw.ends_with("school") || lw.ends_with("ziekenhuis") || lw.ends_with("zorg") ||
             lw.ends_with("groep") || lw.ends_with("bank") || lw.ends_with("college") ||
             lw.ends_with("centrum") || lw.ends_with("kliniek") || lw.ends_with("huis")) {
    type = EntityType::kOrganisation;
    rule = "organisation-word";
  }
  Emit(type == EntityType::kOrganisation ? OrganisationStart(first) : first, last, type, rule, 0.5);
  return last;
}

bool BlockScanner::NameAtSentenceStart(size_t i) const {
  if (!IsCap(i) || IsInitial(i) || (Flags(i) & (G::kTitle | G::kRoleCue | G::kStopword))) {
    return false;
  }
  if (hyphen_name_[i] && !IsCommon(i)) return true;
  if (IsCommon(i) || !SpacedNext(i + 1) || !IsWord(i + 1) || tokens_[i + 1].capitalised) {
    return false;
  }
  const std::string_view w = Lower(i);
  // Ordinary nouns and adjectives too long for the common-word lists keep their endings.
  for (std::string_view ending : {"ing", "heid", "schap", "tie", "teit", "isme", "ment", "ness",
                                  "tion", "sion", "ity", "ies"}) {
    if (w.size() > ending.size() + 2 && w.ends_with(ending)) return false;
  }
  // "Losa also does weekend shifts": one adverb may stand between the name and its verb.
  size_t verb = i + 1;
  if (LowerIs(verb, {"also", "then", "still", "now", "ook", "nog", "nu", "toen"}) &&
      SpacedNext(verb + 1) && IsWord(verb + 1)) {
    ++verb;
  }
  return LowerIs(
      verb, {"confirmed", "attends",   "noted",     "raised",     "joined",   "started", "lives",
             "spoke",     "does",      "did",       "bevestigde", "meldde",   "woont",   "begon",
             "gaf",       "zei",       "vertelde",  "belde",      "kwam",     "vroeg",   "schreef",
             "mailde",    "liet",      "wil",       "wilde",      "werkt",    "werkte",  "gaat",
             "ging",      "voelt",     "vindt",     "vond",       "heeft",    "had",     "is",
             "was",       "zit",       "zat",       "staat",      "stond",    "leidt",   "leidde",
             "said",      "told",      "called",    "asked",      "wrote",    "came",    "wants",
             "wanted",    "works",     "worked",    "feels",      "felt",     "has",     "had",
             "phoned",    "emailed",   "explained", "reported",   "returned", "agreed",  "declined",
             "attended",  "presented", "stated",    "mentioned"});
}

bool BlockScanner::IsNumberedThing(size_t i) const {
  return LowerIs(
      i, {"bijlage", "appendix", "groep", "group",  "figuur", "figure",   "tabel",     "table",
          "stap",    "step",     "punt",  "item",   "vraag",  "question", "hoofdstuk", "chapter",
          "kamer",   "room",     "bed",   "les",    "lesson", "week",     "jaar",      "year",
          "versie",  "version",  "fase",  "phase",  "niveau", "level",    "klas",      "sessie",
          "session", "deel",     "part",  "pagina", "page",   "artikel",  "article"});
}

// Initials that spell a common abbreviation, not a person: "V.S.", "U.K.", "E.U.", "N.B.".
bool BlockScanner::InitialsAreAnAbbreviation(size_t i) const {
  std::string letters;
  for (size_t k = i; IsInitial(k) && letters.size() < 6; k += 2) {
    letters += Lower(k);
    if (SpacedNext(k + 2)) break;
  }
  static constexpr std::string_view kAbbreviations[] = {"vs", "us", "uk", "eu", "nb", "bv", "nv",
                                                        "vn", "un", "ok", "tv", "pc", "ad", "bc",
                                                        "pm", "am", "ps", "ie", "eg"};
  for (std::string_view a : kAbbreviations) {
    if (letters == a) return true;
  }
  return false;
}

// A word after which a capital and its dot are a letter of a series, not an initial:
// "bijlage C.", "vitamine D.", "plan B.", "hepatitis B.".
bool BlockScanner::LetterNotNameAfter(size_t k) const {
  return IsWord(k) && (IsNumberedThing(k) ||
                       LowerIs(k, {"vitamine", "vitamin", "hepatitis", "plan", "type", "blok",
                                   "block", "categorie", "category", "zone", "hal", "gebouw",
                                   "building", "optie", "option", "variant", "scenario"}));
}

bool BlockScanner::IsPrefixWord(size_t i) const {
  return IsWord(i) && !tokens_[i].capitalised && (Flags(i) & G::kPrefix) != 0;
}

// A first name written in lower case, as in a quick note or a parent's e-mail ("verzuimgesprek
// met joyce gehad", "hi, this is kerry, kian's mum"): a word the name lists know as a first name
// and no word list as an ordinary word, where a name stands: after a word like "met", "with",
// "hi", before "'s" or a verb people do, or at the start of a line. A lower-case surname after
// it joins it ("anouk de wit").
size_t BlockScanner::LowerCaseName(size_t i) {
  const uint32_t f = Flags(i);
  if (!(f & G::kFirstName) || IsCommon(i) || (f & (G::kTitle | G::kRoleCue | G::kOrgKnown)) ||
      Lower(i).size() < 3 || tokens_[i].kind != TokenKind::kWord) {
    return i;
  }
  // Tools, methods and assistants the name lists also hold as first names.
  if (LowerIs(i, {"miro", "kaizen", "alexa", "siri", "dev", "scrum", "lean", "agile", "excel",
                  "teams", "zoom", "jira", "trello", "canva", "notion", "slack", "cortana"})) {
    return i;
  }
  const bool after_cue = i >= 1 && LowerIs(i - 1, {"heet",
                                                   "named",
                                                   "called",
                                                   "she's",
                                                   "he's",
                                                   "hiya",
                                                   "bro",
                                                   "sis",
                                                   "met",
                                                   "aan",
                                                   "van",
                                                   "voor",
                                                   "bij",
                                                   "door",
                                                   "hoi",
                                                   "hi",
                                                   "hey",
                                                   "hallo",
                                                   "beste",
                                                   "lieve",
                                                   "dear",
                                                   "with",
                                                   "to",
                                                   "from",
                                                   "for",
                                                   "by",
                                                   "en",
                                                   "and",
                                                   "of",
                                                   "or",
                                                   "is",
                                                   "zus",
                                                   "broer",
                                                   "sister",
                                                   "brother",
                                                   "dochter",
                                                   "zoon",
                                                   "son",
                                                   "daughter",
                                                   "juf",
                                                   "meester",
                                                   "miss",
                                                   "mum",
                                                   "mam",
                                                   "papa",
                                                   "mama",
                                                   "man",
                                                   "vrouw",
                                                   "husband",
                                                   "wife",
                                                   "partner",
                                                   "collega",
                                                   "colleague",
                                                   "goeiemorgen",
                                                   "goedemorgen",
                                                   "morning",
                                                   "welcome",
                                                   "welkom",
                                                   "thx",
                                                   "thanks",
                                                   "bedankt",
                                                   "beterschap",
                                                   "sorry",
                                                   "doei",
                                                   "cheers",
                                                   "congrats",
                                                   "gefeliciteerd",
                                                   "proficiat",
                                                   "thank",
                                                   "dank",
                                                   "bye",
                                                   "ok",
                                                   "oké"});
  const bool before_cue =
      possessive_[i] != 0 ||
      LowerIs(i + 1,
              {"is",   "was",   "heeft",  "had",      "has",  "zit",   "zat",    "gaf",   "zei",
               "said", "belde", "called", "vertelde", "told", "wil",   "wants",  "komt",  "comes",
               "gaat", "moet",  "needs",  "kan",      "can",  "vindt", "thinks", "vroeg", "asked"});
  // A first name that is also a place ("anna", "kerry") only next to a word for a person.
  const bool line_start = (i == 0 || tokens_[i].newline_before) && !(f & G::kPlace);
  // In a chat's message a first name needs no word around it ("als tim mijn zondag pakt").
  if (!after_cue && !before_cue && !line_start && !chat_line_) return i;
  size_t last = i;
  size_t m = last + 1;
  while (m < Size() && m < last + 4 && IsPrefixWord(m) && SpacedNext(m)) ++m;
  if (m > last + 1 && m < Size() && IsWord(m) && SpacedNext(m) && !tokens_[m].capitalised &&
      ((Flags(m) & G::kSurname) || !IsCommon(m))) {
    last = m;
  } else if (m == last + 1 && m < Size() && IsWord(m) && SpacedNext(m) && !tokens_[m].capitalised &&
             (Flags(m) & G::kSurname) && !IsCommon(m)) {
    last = m;  // "karen mcginty"
  }
  Emit(i, last, EntityType::kPerson, "lower-case-first-name", 0.6);
  return last;
}

size_t BlockScanner::OrganisationStart(size_t first) const {
  for (bool joined = false;;) {
    while (first >= 1 && SpacedNext(first) && IsCap(first - 1) &&
           LowerIs(first - 1, {"prinses", "prins", "koningin", "koning", "sint", "st", "heilig",
                               "princess", "prince", "queen", "king", "royal", "saint"})) {
      --first;
    }
    // "Guy's and St Thomas' NHS Foundation Trust", "Brighton and Sussex Medical School": a
    // name joined to the front by "and" / "en" / "&", on the same line.
    // Once only, so that a long "X en Y en Z ..." stays linear.
    if (!joined && first >= 2 && SpacedNext(first) && SpacedNext(first - 1) &&
        (LowerIs(first - 1, {"and", "en"}) || IsPunct(first - 1, '&')) && IsCap(first - 2) &&
        !tokens_[first - 2].sentence_start) {
      joined = true;
      size_t k = first - 2;
      while (k >= 1 && SpacedNext(k) && IsCap(k - 1) && !tokens_[k - 1].sentence_start &&
             first - k < 4) {
        --k;
      }
      first = k;
      continue;
    }
    // "City of Edinburgh Council", "Borough of Poole": the kind of place before "of".
    if (first >= 2 && SpacedNext(first) && SpacedNext(first - 1) && LowerIs(first - 1, {"of"}) &&
        IsCap(first - 2) && LowerIs(first - 2, {"city", "county", "borough", "district"})) {
      first -= 2;
      continue;
    }
    // "The Elms Surgery", "at The Priory Hospital": a capitalised article is the name's.
    if (first >= 1 && SpacedNext(first) && IsWord(first - 1) && tokens_[first - 1].capitalised &&
        LowerIs(first - 1, {"the"})) {
      --first;
    }
    return first;
  }
}

}  // namespace kring::anonymiser_internal

namespace kring::anonymiser_internal {

// Two or three capitals ("PL", "WK"), or capitals with a particle's letters between them
// ("KdV", "JvdM", "SdB"): the shape of a person's initials in minutes. Not a role's or a
// service's abbreviation, an organisation, a place or a title.
bool BlockScanner::IsInitialsWord(size_t i) const {
  if (!IsWord(i) || blocked_[i] || allowed_[i]) return false;
  const std::string_view w = Raw(i);
  if (w.size() < 2 || w.size() > 5 || !(w[0] >= 'A' && w[0] <= 'Z')) return false;
  size_t upper = 0;
  for (char c : w) {
    if (c >= 'A' && c <= 'Z') {
      ++upper;
    } else if (!(c >= 'a' && c <= 'z')) {
      return false;
    }
  }
  const bool all_upper = upper == w.size();
  if (all_upper ? w.size() > 3 : (upper < 2 || !(w.back() >= 'A' && w.back() <= 'Z'))) {
    return false;
  }
  if (!all_upper) {
    // Between the capitals only a particle's letters: "d", "vd", "vdl", "t".
    for (size_t k = 1; k + 1 < w.size(); ++k) {
      if (w[k] >= 'a' && w[k] <= 'z' &&
          std::string_view("dvtl").find(w[k]) == std::string_view::npos)
        return false;
    }
  }
  if (Flags(i) & (G::kOrgKnown | G::kRoleCue | G::kPlace | G::kTitle | G::kOrgHead)) return false;
  return !LowerIs(
      i, {"gp",   "hr",  "it",   "ceo", "cfo",  "coo", "mt",  "sw",  "tl",   "pa",   "ot",   "pt",
          "slt",  "dsl", "nhs",  "ggd", "uwv",  "cjg", "pm",  "am",  "ok",   "nb",   "ps",   "cc",
          "bcc",  "fyi", "id",   "nr",  "tel",  "bsn", "dob", "cv",  "mbo",  "hbo",  "wo",   "vo",
          "po",   "zzp", "wmo",  "pgb", "ic",   "ed",  "ae",  "er",  "icu",  "ss",   "tv",   "pc",
          "uk",   "us",  "eu",   "vs",  "bv",   "nv",  "vve", "cao", "ggz",  "ivm",  "mw",   "dhr",
          "mr",   "ms",  "mrs",  "dr",  "q1",   "q2",  "q3",  "q4",  "ai",   "ict",  "faq",  "asap",
          "rsvp", "lvb", "adhd", "add", "ptss", "ocd", "asd", "cin", "cp",   "lac",  "ehcp", "sen",
          "send", "yr",  "y7",   "y8",  "ob",   "bso", "tso", "vso", "so",   "vmbo", "havo", "vwo",
          "mavo", "ov",  "ns",   "ret", "gvb",  "ah",  "bhv", "aed", "ehbo", "re",   "fw",   "na",
          "nvt",  "tbv", "tbc",  "tba", "eta",  "ooo", "wfh", "dm"});
}

void BlockScanner::FindMinuteInitials() {
  minute_initials_.assign(Size(), false);
  // The initials this block's lists name, as written; a set, so that a long list costs no more
  // per token.
  std::unordered_set<std::string_view> people;
  auto known = [&](size_t k) { return people.count(Raw(k)) != 0; };
  auto line_end = [&](size_t k) { return k >= Size() || tokens_[k].newline_before; };
  // "IS", "DO", "OF": initials that spell a function word need a list that names them.
  auto function_word = [&](size_t k) { return (Flags(k) & G::kStopword) != 0; };
  std::vector<size_t> speakers;  // "- WK: brief", "MB: akkoord": initials before a line's colon
  for (size_t i = 0; i < Size(); ++i) {
    if (!(i == 0 || tokens_[i].newline_before)) continue;
    size_t k = i;
    // A bullet or a list's number: "- ", "• ", "3. ", "2) ".
    if (IsPunct(k, '-') || IsPunct(k, '*') || Raw(k) == "\xE2\x80\xA2") ++k;
    if (IsNumber(k) && (IsPunct(k + 1, '.') || IsPunct(k + 1, ')'))) k += 2;
    if (line_end(k) && k != i) continue;
    // "Present: JH (Chair), PL, SdB", "Aanwezig: KdV, MA en LT", "Message taken by: KS": the
    // word before the line's first colon, among its first four words.
    size_t label = k;
    while (label < k + 3 && !line_end(label + 1) && !IsPunct(label + 1, ':')) ++label;
    if (LowerIs(label, {"present",     "attendees",    "attendance",   "apologies", "absent",
                        "aanwezig",    "aanwezigen",   "afwezig",      "afgemeld",  "afmeldingen",
                        "afmelding",   "notulist",     "notulen",      "minutes",   "chair",
                        "voorzitter",  "deelnemers",   "participants", "cc",        "verslag",
                        "by",          "door",         "wie",          "owner",     "owners",
                        "actiehouder", "actiehouders", "action",       "actions",   "actie",
                        "acties"}) &&
        IsPunct(label + 1, ':')) {
      for (size_t t = label + 2; !line_end(t); ++t) {
        if (IsPunct(t, '(')) {  // "(Chair)", "(physio)"
          while (!line_end(t) && !IsPunct(t, ')')) ++t;
          continue;
        }
        if (IsInitialsWord(t) ||
            (IsWord(t) && tokens_[t].all_upper && tokens_[t].end - tokens_[t].begin <= 3 &&
             !blocked_[t] && !allowed_[t] && !(Flags(t) & (G::kOrgKnown | G::kPlace)))) {
          people.insert(Raw(t));
        }
      }
    }
    if (IsInitialsWord(k) && IsPunct(k + 1, ':') && !line_end(k + 2)) speakers.push_back(k);
  }
  // Two lines or more in minutes' form ("MB: akkoord", "GH: yes, first"), or one whose
  // initials a list names: the initials are people.
  std::unordered_set<std::string_view> distinct;
  for (size_t k : speakers) {
    distinct.insert(Raw(k));
    if (distinct.size() >= 2) break;
  }
  for (size_t k : speakers) {
    if ((distinct.size() >= 2 && !function_word(k)) || known(k)) people.insert(Raw(k));
  }
  // "PR to chase", "AW summarised", "RS regelt zaal", "AW en CD nemen contact op", "actie: EB
  // mailt LP": initials that act, at a clause's start.
  for (size_t i = 0; i < Size(); ++i) {
    if (!IsInitialsWord(i) || function_word(i) || known(i)) continue;
    size_t next = i + 1;
    size_t also = 0;  // "AW en CD": the second initials
    if (LowerIs(next, {"en", "and", "&"}) && IsInitialsWord(next + 1) && SpacedNext(next + 1)) {
      also = next + 1;
      next += 2;
    }
    if (!SpacedNext(next) || !IsWord(next) || tokens_[next].capitalised) continue;
    const bool starts = i == 0 || tokens_[i].newline_before || tokens_[i].sentence_start ||
                        IsPunct(i - 1, ':') || IsPunct(i - 1, ';') || IsPunct(i - 1, '-') ||
                        IsPunct(i - 1, ',') || IsPunct(i - 1, '(');
    const bool acts =
        (LowerIs(next, {"to"}) && IsWord(next + 1) && !tokens_[next + 1].capitalised) ||
        LowerIs(next, {"summarised", "summarized", "reported",  "asked",     "agreed", "outlined",
                       "noted",      "confirmed",  "explained", "presented", "raised", "proposed",
                       "suggested",  "updated",    "will",      "said",      "says",   "chaired",
                       "visited",    "phoned",     "rang",      "emailed",   "met",    "licht",
                       "meldt",      "regelt",     "belt",      "mailt",     "neemt",  "nemen",
                       "doen",       "doet",       "stuurt",    "vraagt",    "zegt",   "geeft",
                       "gaat",       "gaan",       "plant",     "maakt",     "zoekt",  "checkt",
                       "bespreekt",  "informeert", "koppelt",   "pakt",      "zorgt",  "stelt",
                       "vertelt",    "heeft",      "hebben",    "legt",      "brengt"});
    if (!starts || !acts || (also != 0 && function_word(also))) continue;
    people.insert(Raw(i));
    if (also != 0) people.insert(Raw(also));
  }
  if (people.empty()) return;
  // Every place the block's people stand, as written (case and all: "IS" named in a list is not
  // the word "is").
  auto shouted = [&](size_t k) {
    return k < Size() && IsWord(k) && tokens_[k].all_upper && !tokens_[k].newline_before &&
           tokens_[k].end - tokens_[k].begin >= 2 && !known(k);
  };
  for (size_t i = 0; i < Size(); ++i) {
    if (!IsWord(i) || blocked_[i] || allowed_[i] || !known(i)) continue;
    if (tokens_[i].all_upper &&
        ((i > 0 && !tokens_[i].newline_before && shouted(i - 1)) || shouted(i + 1))) {
      continue;  // a shouted line ("THIS IS URGENT")
    }
    Emit(i, i, EntityType::kPerson, "minute-initials", function_word(i) ? 0.55 : 0.6);
    minute_initials_[i] = true;
  }
}

}  // namespace kring::anonymiser_internal
