// Fuzzes date parsing: ingest::parse_date / is_date_line (article dates) and
// search::parse_period / parse_date_range (date: in queries). Results must be well formed.

#include "fuzz_common.hpp"
#include "telusur/ingest/date.hpp"
#include "telusur/search/date_range.hpp"

using namespace telusur;

namespace {

auto digits(std::string_view s, std::size_t n) -> bool {
    if (s.size() != n) {
        return false;
    }
    for (char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace

extern "C" auto LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) -> int {
    auto text = fuzz::view(data, size);
    if (auto date = ingest::parse_date(text)) {
        std::string_view d = *date;
        fuzz::check(d.size() == 10 && d[4] == '-' && d[7] == '-' && digits(d.substr(0, 4), 4) &&
                        digits(d.substr(5, 2), 2) && digits(d.substr(8, 2), 2),
                    "parse_date gives YYYY-MM-DD");
    }
    (void)ingest::is_date_line(text);
    (void)search::is_month_name(text);
    if (auto period = search::parse_period(text)) {
        fuzz::check(digits(period->from, 8) && digits(period->to, 8), "period is two YYYYMMDD");
        fuzz::check(period->from <= period->to, "period from <= to");
    }
    if (auto range = search::parse_date_range(text)) {
        fuzz::check(range->from.empty() || digits(range->from, 8), "range from is YYYYMMDD");
        fuzz::check(range->to.empty() || digits(range->to, 8), "range to is YYYYMMDD");
    }
    return 0;
}
