#include "model/calendar.h"

#include <stddef.h>

/* England and Wales, as published by GOV.UK. Substitute days (when a holiday
 * falls on a weekend) are listed as the day actually taken. */
static const struct {
    short year;
    unsigned char month, day;
} england[] = {
    {2024, 1, 1},  {2024, 3, 29}, {2024, 4, 1},  {2024, 5, 6},  {2024, 5, 27},
    {2024, 8, 26}, {2024, 12, 25}, {2024, 12, 26},
    {2025, 1, 1},  {2025, 4, 18}, {2025, 4, 21}, {2025, 5, 5},  {2025, 5, 26},
    {2025, 8, 25}, {2025, 12, 25}, {2025, 12, 26},
    {2026, 1, 1},  {2026, 4, 3},  {2026, 4, 6},  {2026, 5, 4},  {2026, 5, 25},
    {2026, 8, 31}, {2026, 12, 25}, {2026, 12, 28},
    {2027, 1, 1},  {2027, 3, 26}, {2027, 3, 29}, {2027, 5, 3},  {2027, 5, 31},
    {2027, 8, 30}, {2027, 12, 27}, {2027, 12, 28},
    {2028, 1, 3},  {2028, 4, 14}, {2028, 4, 17}, {2028, 5, 1},  {2028, 5, 29},
    {2028, 8, 28}, {2028, 12, 25}, {2028, 12, 26},
    {2029, 1, 1},  {2029, 3, 30}, {2029, 4, 2},  {2029, 5, 7},  {2029, 5, 28},
    {2029, 8, 27}, {2029, 12, 25}, {2029, 12, 26},
    {2030, 1, 1},  {2030, 4, 19}, {2030, 4, 22}, {2030, 5, 6},  {2030, 5, 27},
    {2030, 8, 26}, {2030, 12, 25}, {2030, 12, 26},
};

int nr_bank_holidays_england(nr_date from, nr_date to, nr_date *out, int max) {
    int n = 0;
    for (size_t i = 0; i < sizeof england / sizeof england[0]; i++) {
        nr_date d;
        if (!nr_date_from_ymd(england[i].year, england[i].month, england[i].day, &d)) continue;
        if (d < from || d >= to) continue;
        if (out && n < max) out[n] = d;
        n++;
    }
    return n;
}
