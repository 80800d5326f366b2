#include "core/cases/case_gate.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "core/anonymise/pseudonyms.h"
#include "core/crypto/crypto.h"
#include "core/focus/focus_report.h"
#include "core/i18n/messages.h"
#include "core/text/language.h"

namespace kring {
namespace {

void AppendAll(std::vector<std::string>* out,
               const google::protobuf::RepeatedPtrField<std::string>& in) {
  out->insert(out->end(), in.begin(), in.end());
}

// Moves a cut point back to the start of a UTF-8 sequence.
size_t CodePointStart(std::string_view text, size_t i) {
  while (i > 0 && i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
}

bool IsLabelStem(std::string_view stem) {
  for (int t = 0; t < kEntityTypeCount; ++t) {
    for (Language language : {Language::kDutch, Language::kEnglish}) {
      if (LabelStem(static_cast<EntityType>(t), language) == stem) return true;
    }
  }
  return false;
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// A finding in anonymised text is closed when every letter or digit of it lies inside a label.

// How many findings in the analysis have exactly this text.
size_t CountFindingsWithText(const AnonymisedCase& analysis, std::string_view text) {
  size_t n = 0;
  for (const FieldFindings& field : analysis.fields) {
    for (const Finding& f : field.findings) n += f.text == text;
  }
  return n;
}

std::string QuotedList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "\"" : ", \"") + item + "\"";
  return out;
}

}  // namespace

bool InsideLabels(const Finding& f, const std::vector<std::pair<size_t, size_t>>& labels,
                  std::string_view text) {
  for (size_t i = f.begin; i < f.end && i < text.size(); ++i) {
    if (!IsAlnum(text[i])) continue;
    bool covered = false;
    for (const auto& [b, e] : labels) {
      if (i >= b && i < e) {
        covered = true;
        break;
      }
    }
    if (!covered) return false;
  }
  return true;
}

AnonymiserOptions GateOptions(const pb::NameLists& node_lists, const pb::StoredCase& stored) {
  AnonymiserOptions options;
  AppendAll(&options.always_remove, node_lists.always_remove());
  AppendAll(&options.allow, node_lists.allow());
  AppendAll(&options.case_names, stored.case_names());
  AppendAll(&options.allow, stored.allowed());
  return options;
}

std::string ReflectionHash(const pb::CaseReflection& reflection) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    reflection.SerializeToCodedStream(&coded);
  }
  std::string hash = Blake2b256(bytes);
  WipeString(bytes);
  return hash;
}

FindingContext ContextOf(std::string_view text, const Finding& finding, size_t max_side) {
  FindingContext ctx;
  const size_t begin = std::min(finding.begin, text.size());
  const size_t end = std::clamp(finding.end, begin, text.size());
  TextPosition pos = LocateOffset(text, begin);
  ctx.line = pos.line;
  ctx.column = pos.column;
  size_t line_start = 0;
  if (begin > 0) {
    size_t nl = text.rfind('\n', begin - 1);
    if (nl != std::string_view::npos) line_start = nl + 1;
  }
  size_t line_end = text.find('\n', end);
  if (line_end == std::string_view::npos) line_end = text.size();

  std::string_view before = text.substr(line_start, begin - line_start);
  std::string_view after = text.substr(end, line_end - end);
  std::string prefix, suffix;
  if (before.size() > max_side) {
    size_t cut = CodePointStart(before, before.size() - max_side);
    before = before.substr(cut);
    prefix = "…";
  }
  if (after.size() > max_side) {
    after = after.substr(0, CodePointStart(after, max_side));
    suffix = "…";
  }
  ctx.before = prefix + SanitiseForDisplay(before);
  ctx.span = SanitiseForDisplay(text.substr(begin, end - begin));
  ctx.after = SanitiseForDisplay(after) + suffix;
  return ctx;
}

std::string ExplainRule(std::string_view rule, Language language) {
  // A rule's name and the last part of its message id (anonymiser.rule.<id>).
  static const std::map<std::string_view, std::string_view> kWhy = {
      {"email", "email"},
      {"url", "url"},
      {"domain", "domain"},
      {"ipv4", "ip"},
      {"ipv6", "ip"},
      {"iban-mod97", "iban"},
      {"bsn-11-test", "bsn"},
      {"phone", "phone"},
      {"postcode-nl", "postcode_nl"},
      {"date-numeric", "date_numeric"},
      {"date-written", "date_written"},
      {"date-of-birth", "date_of_birth"},
      {"date-day-of-month", "date_day"},
      {"date-weekday-ordinal", "date_weekday_day"},
      {"street+number", "street_number"},
      {"number+street", "number_street"},
      {"title+name", "title_name"},
      {"role+name", "role_name"},
      {"org-head", "org_head"},
      {"org-cue", "org_cue"},
      {"gazetteer:organisation", "known_organisation"},
      {"gazetteer:place", "known_place"},
      {"gazetteer:first-name", "known_first_name"},
      {"gazetteer:surname", "known_surname"},
      {"prefix+surname", "prefix_surname"},
      {"capitalised-unknown", "capitalised_unknown"},
      {"capitalised-after-preposition", "capitalised_after_preposition"},
      {"acronym", "acronym"},
      {"organisation-word", "organisation_word"},
      {"always-remove", "always_remove"},
      {"case-name", "case_name"},
      {"phone-after-cue", "phone"},
      {"phone-toll-free", "phone"},
      {"phone-us", "phone"},
      {"bsn-after-cue", "bsn_after_cue"},
      {"number-after-cue", "number_after_cue"},
      {"code-shaped", "code_shaped"},
      {"table-column", "table_column"},
      {"postcode-uk", "postcode_other"},
      {"postcode-us", "postcode_other"},
      {"postcode-four-digits", "postcode_other"},
      {"us-state", "state"},
      {"town-before-state", "place_context"},
      {"place-before-date", "place_context"},
      {"county", "place_context"},
      {"dublin-district", "place_context"},
      {"place-part", "place_context"},
      {"te+place", "place_context"},
      {"place-word-after-preposition", "place_context"},
      {"lower-case-place", "place_context"},
      {"place+org-word", "org_cue"},
      {"lower-case-organisation", "known_organisation"},
      {"known-organisation-word", "known_organisation"},
      {"date-month-glued", "date_written"},
      {"address-block", "street_number"},
      {"address-cue", "street_number"},
      {"street-abbreviation+number", "street_number"},
      {"postbus", "postbus"},
      {"chat-author", "chat_author"},
      {"mention", "mention"},
      {"same-name", "same_name"},
      {"learned-name", "learned_name"},
      {"age-learned", "learned_age"},
      {"user-name", "user_name"},
      {"club-year", "club_year"},
      {"org-region", "org_region"},
      {"lower-case-first-name", "known_first_name"},
      {"first-name+speech", "known_first_name"},
      {"family+name", "role_name"},
      {"name+age", "name_age"},
      {"name-is", "name_shape"},
      {"initial-in-brackets", "name_shape"},
      {"initials+name", "name_shape"},
      {"initials-alone", "name_shape"},
      {"minute-initials", "name_shape"},
      {"signature", "name_shape"},
      {"sentence-start-name", "name_shape"},
  };
  if (auto it = kWhy.find(rule); it != kWhy.end()) {
    return i18n::Tr(language, "anonymiser.rule." + std::string(it->second));
  }
  if (rule.starts_with("age-")) return i18n::Tr(language, "anonymiser.rule.age");
  return std::string(rule);
}

std::string SummariseFindings(const std::vector<FieldFindings>& fields, Language language) {
  std::array<size_t, kEntityTypeCount> per_type{};
  size_t total = 0, with_findings = 0;
  for (const FieldFindings& field : fields) {
    with_findings += !field.findings.empty();
    for (const Finding& f : field.findings) {
      ++per_type[static_cast<size_t>(f.type)];
      ++total;
    }
  }
  if (total == 0) return i18n::Tr(language, "anonymiser.summary.none");
  // Most frequent first; ties in type order.
  std::vector<size_t> order;
  for (size_t t = 0; t < per_type.size(); ++t)
    if (per_type[t] > 0) order.push_back(t);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return per_type[a] > per_type[b]; });
  std::string types;
  for (size_t k = 0; k < order.size(); ++k) {
    types += (k ? ", " : "") +
             EntityTypeCount(static_cast<EntityType>(order[k]), per_type[order[k]], language);
  }
  return i18n::Tr(
      language, "anonymiser.summary",
      {{"findings", i18n::Tr(language, "count.findings", {{"n", total}})},
       {"fields", i18n::Tr(language, "anonymiser.count.fields", {{"n", with_findings}})},
       {"types", types}});
}

std::vector<LineChange> DiffLines(std::string_view before, std::string_view after) {
  std::vector<LineChange> changes;
  std::vector<std::string_view> a = SplitLines(before), b = SplitLines(after);
  if (a.size() != b.size()) {
    if (before != after) changes.push_back({1, std::string(before), std::string(after)});
    return changes;
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) changes.push_back({i + 1, std::string(a[i]), std::string(b[i])});
  }
  return changes;
}

std::vector<std::pair<size_t, size_t>> LabelSpans(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> spans;
  for (size_t i = text.find('['); i != std::string_view::npos; i = text.find('[', i + 1)) {
    size_t j = i + 1;
    while (j < text.size() && text[j] >= 'A' && text[j] <= 'Z') ++j;
    if (j == i + 1 || j >= text.size() || text[j] != '-') continue;
    std::string_view stem = text.substr(i + 1, j - i - 1);
    size_t k = j + 1;
    while (k < text.size() && text[k] >= '0' && text[k] <= '9') ++k;
    if (k == j + 1 || k >= text.size() || text[k] != ']') continue;
    if (!IsLabelStem(stem)) continue;
    spans.emplace_back(i, k + 1);
    i = k;
  }
  return spans;
}

bool IsKept(const pb::StoredCase& stored, std::string_view text) {
  for (const pb::KeptFinding& kept : stored.kept_findings()) {
    if (kept.text() == text) return true;
  }
  return false;
}

Result<std::vector<OpenFinding>> OpenFindings(const pb::StoredCase& stored,
                                              const Anonymiser& anonymiser,
                                              const AnonymiserOptions& options) {
  PseudonymMap scratch;
  AnonymiserOptions with_language = options;
  if (!with_language.language) {
    KRING_ASSIGN_OR_RETURN(Language language, CaseLanguage(stored.reflection(), options));
    with_language.language = language;
  }
  KRING_ASSIGN_OR_RETURN(AnonymisedCase again,
                         AnonymiseCase(stored.anonymised(), anonymiser, with_language, scratch));
  std::vector<OpenFinding> open;
  for (const FieldFindings& field : again.fields) {
    std::vector<std::pair<size_t, size_t>> labels = LabelSpans(field.text);
    for (const Finding& f : field.findings) {
      if (IsKept(stored, f.text) || InsideLabels(f, labels, field.text)) continue;
      open.push_back({field.field, field.text, f});
    }
  }
  return open;
}

Result<GateResult> AnonymiseForSharing(const pb::StoredCase& stored, const Anonymiser& anonymiser,
                                       const AnonymiserOptions& options,
                                       const std::vector<std::string>& keep,
                                       const std::vector<std::string>& unkeep, int64_t now_millis) {
  GateResult result;
  result.stored = stored;
  pb::StoredCase& out = result.stored;

  // Earlier choices the coach takes back.
  std::vector<std::string> unknown;
  for (const std::string& text : unkeep) {
    auto* kept = out.mutable_kept_findings();
    const int before = kept->size();
    for (int i = kept->size() - 1; i >= 0; --i) {
      if (kept->Get(i).text() == text) kept->DeleteSubrange(i, 1);
    }
    if (kept->size() == before) unknown.push_back(text);
  }
  if (!unknown.empty()) {
    return Status::Usage(i18n::Tr("cases.gate.unkeep_unknown", {{"texts", QuotedList(unknown)}}));
  }

  // The stored mapping keeps labels stable across runs.
  PseudonymMap map;
  if (!stored.pseudonym_mapping().empty()) {
    pb::PseudonymMapping proto;
    if (!proto.ParseFromString(stored.pseudonym_mapping())) {
      return Status::Integrity(i18n::Tr("cases.gate.pseudonyms_unreadable"));
    }
    KRING_ASSIGN_OR_RETURN(map, PseudonymMap::FromProto(proto));
  }

  std::set<std::string, std::less<>> keep_texts(keep.begin(), keep.end());
  for (const pb::KeptFinding& kept : out.kept_findings()) keep_texts.insert(kept.text());
  size_t kept_count = 0;
  KeepFinding keep_fn = [&](std::string_view, const Finding& f) {
    const bool kept = keep_texts.count(f.text) > 0;
    kept_count += kept;
    return kept;
  };
  KRING_ASSIGN_OR_RETURN(result.analysis,
                         AnonymiseCase(stored.reflection(), anonymiser, options, map, keep_fn));
  result.kept_count = kept_count;

  unknown.clear();
  for (const std::string& text : keep) {
    if (CountFindingsWithText(result.analysis, text) == 0) unknown.push_back(text);
  }
  if (!unknown.empty()) {
    return Status::Usage(i18n::Tr("cases.gate.keep_unknown", {{"texts", QuotedList(unknown)}}));
  }

  // Record each newly kept finding once per field and type.
  std::set<std::string> recorded;
  for (const pb::KeptFinding& k : out.kept_findings()) {
    recorded.insert(k.field() + '\0' + k.text() + '\0' + k.type());
  }
  for (const FieldFindings& field : result.analysis.fields) {
    for (const Finding& f : field.findings) {
      if (std::find(keep.begin(), keep.end(), f.text) == keep.end()) continue;
      std::string type(EntityTypeKey(f.type));
      if (!recorded.insert(field.field + '\0' + f.text + '\0' + type).second) continue;
      pb::KeptFinding k;
      k.set_field(field.field);
      k.set_text(f.text);
      k.set_type(type);
      k.set_kept_at(now_millis);
      *out.add_kept_findings() = k;
      result.newly_kept.push_back(std::move(k));
    }
  }

  for (const FieldFindings& field : result.analysis.fields) {
    std::vector<LineChange> lines = DiffLines(field.text, field.redacted);
    if (!lines.empty()) result.diffs.push_back({field.field, std::move(lines)});
  }

  *out.mutable_anonymised() = result.analysis.redacted;
  out.mutable_anonymised()->set_language(std::string(LanguageCode(result.analysis.language)));
  std::string mapping = map.ToProto().SerializeAsString();
  out.set_pseudonym_mapping(mapping);
  WipeString(mapping);
  out.set_anonymised_at(now_millis);
  out.set_anonymised_from_hash(ReflectionHash(stored.reflection()));

  AnonymiserOptions verify = options;
  verify.language = result.analysis.language;
  KRING_ASSIGN_OR_RETURN(result.open, OpenFindings(out, anonymiser, verify));
  out.set_shareable(result.open.empty());
  return result;
}

Result<pb::CaseReflection> AnonymisedVersion(const pb::StoredCase& stored, bool* stale,
                                             std::string_view case_id) {
  const std::string id = case_id.empty() ? "ID" : std::string(case_id.substr(0, 8));
  if (stored.anonymised_at() == 0) {
    return Status::User(i18n::Tr("cases.gate.not_anonymised", {{"id", id}}));
  }
  if (stale != nullptr) {
    *stale = stored.anonymised_from_hash() != ReflectionHash(stored.reflection());
  }
  return stored.anonymised();
}

Result<pb::CaseReflection> ShareableVersion(const pb::StoredCase& stored,
                                            std::string_view case_id) {
  const std::string id = case_id.empty() ? "ID" : std::string(case_id.substr(0, 8));
  bool stale = false;
  KRING_ASSIGN_OR_RETURN(pb::CaseReflection anonymised, AnonymisedVersion(stored, &stale, case_id));
  if (stale) {
    return Status::User(i18n::Tr("cases.gate.stale", {{"id", id}}));
  }
  if (!stored.shareable()) {
    return Status::User(i18n::Tr("cases.gate.not_shareable", {{"id", id}}));
  }
  return anonymised;
}

}  // namespace kring
