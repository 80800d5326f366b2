// Structured identifiers found by hand-written, linear-time scanners: e-mail, URL, IP, IBAN
// (mod-97), BSN (11-test), phone numbers, Dutch postcodes and numeric dates.
#pragma once

#include <string_view>
#include <vector>

#include "core/anonymise/finding.h"

namespace kring {

// True when compact (letters and digits, no spaces) passes the IBAN mod-97 check.
bool IbanChecksumValid(std::string_view compact);
// True when nine digits pass the BSN 11-test (and are not all zero).
bool BsnElevenTestValid(std::string_view nine_digits);

// Appends every structured identifier in text to *out (offsets relative to text). Findings may
// overlap (an e-mail contains a domain); the caller keeps the longest.
void FindStructuredIdentifiers(std::string_view text, std::vector<Finding>* out);

// A month's name or abbreviation in lower case, Dutch or English ("maart", "mrt", "sept").
bool IsMonthName(std::string_view lower);
// A day of the week, Dutch or English, written out or abbreviated ("donderdag", "do", "Thu");
// lower case.
bool IsWeekdayName(std::string_view lower);
// Where a date at i starts once the day of the week before it is taken in ("Thu 26/11/2026",
// "maandag, 16-11-2026", "do. 5-11"); i when there is none.
size_t WeekdayStart(std::string_view t, size_t i);

// The end of a Dutch postcode ("1234 AB", "1234AB", "1234 ab") that starts at `i`, or 0.
size_t DutchPostcodeEnd(std::string_view text, size_t i);

// The end of a phone number's extension after `e` ("toestel 12", "tst. 204", "ext. 204",
// ", ext 4402", "x2201"), or `e` when none follows.
size_t PhoneExtensionEnd(std::string_view text, size_t e);

// Appends numbers named by the word before them (cue_identifiers.cc): personal numbers after
// "patiëntnummer", "NHS number", "kenmerk" (kIdentifier), nine digits after "BSN" whatever their
// 11-test (kBsn), digits after "tel." (kPhone).
void FindCuedIdentifiers(std::string_view text, std::vector<Finding>* out);

// Appends the cells of a '|' table whose header names the column ("Cliëntnr", "Client ID",
// "Telefoon", "Leeftijd"): personal numbers, phone numbers, ages.
void FindTableColumns(std::string_view text, std::vector<Finding>* out);

// Appends user names in chats (handles.cc): an author's user name at the start of a line before
// its colon ("priya.s:", "[09:15] kevin.vd.berg:", "**jess.morrow** 10:02 AM:") and mentions
// ("@marleen_vd_brink"); a user name joins its parts with '.' or '_' ("lieke_b"), has a part of
// two letters or more and no part that is a number, a label's abbreviation or a file's ending
// ("Art.3:", "tel.nr:", "verslag_v2.docx:" are none). `starts_line`: text starts a line (a
// block cut inside a long line does not).
void FindUserNames(std::string_view text, bool starts_line, std::vector<Finding>* out);

}  // namespace kring
