import Foundation

/// Reads purchase summaries in the layout of the published CDNOW summary (and lifetimes'
/// `summary_data_from_transaction_data` output): a header naming `x`, `t_x`, `T` and optionally `zbar`
/// (or lifetimes' `frequency`, `recency`, `T`, `monetary_value`), then one customer per line. It exists so the
/// models can be checked and benchmarked against the data sets the literature uses.
public enum PurchaseSummaryCSV {
    public static func parse(_ text: String) throws(PatronError) -> [PurchaseSummary] {
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else { throw .invalid(field: nil, message: "the summary file is empty") }
        let names = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ candidates: String...) -> Int? { names.firstIndex { candidates.contains($0) } }
        guard let x = column("x", "frequency"), let tx = column("t_x", "recency"), let age = column("T") else {
            throw .invalid(field: nil, message: "the header needs x, t_x and T columns")
        }
        let spend = column("zbar", "monetary_value")
        var summaries: [PurchaseSummary] = []
        var row = 1
        while let line = lines.next() {
            row += 1
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == names.count,
                  let frequency = Int(fields[x]), let recency = Double(fields[tx]), let weeks = Double(fields[age]) else {
                throw .invalid(field: "line \(row)", message: "expected \(names.count) fields: an integer x and numeric t_x, T")
            }
            let average = spend.flatMap { Double(fields[$0]) } ?? 0
            let summary = PurchaseSummary(frequency: frequency, recency: recency, age: weeks, averageSpend: average)
            guard summary.isValid else { throw .invalid(field: "line \(row)", message: "x, t_x and T must satisfy 0 ≤ t_x ≤ T") }
            summaries.append(summary)
        }
        return summaries
    }
}
