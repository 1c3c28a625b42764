import SQLKit

extension SQLInsertBuilder {
    /// Appends several rows at once: one multi-row `INSERT` instead of a round trip per row.
    @discardableResult
    func rows(_ rows: [[any SQLExpression]]) -> Self {
        for row in rows { values(row) }
        return self
    }
}
