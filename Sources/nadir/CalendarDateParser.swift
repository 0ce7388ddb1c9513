import NadirCore

enum CalendarDateParser {
    static func parse(_ text: String) -> CalendarDate? { CalendarDate(iso8601: text) }
}
