extension CalendarDay {
    /// Nil past the ends of the Gregorian calendar `CalendarDay` accepts, so a schedule at an extreme answers
    /// "not due" instead of trapping.
    func shifted(byDays days: Int) -> CalendarDay? {
        let (year, month, day) = ServiceDate.civil(fromDays: ServiceDate.daysFromCivil(year: year, month: month, day: day) + days)
        return try? CalendarDay(year: year, month: month, day: day)
    }
}
