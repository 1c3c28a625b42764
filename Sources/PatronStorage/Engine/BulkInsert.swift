import SQLKit

/// A multi-row `INSERT` (optionally an upsert on `key`) written straight to SQL text and binds. The builder's
/// expression tree costs an existential call per value to serialise; for the million-row writes of an
/// analytics refresh that was most of the time the writes took, several times what SQLite spent storing them.
struct BulkInsert: SQLExpression {
    let table: String
    let columns: [String]
    /// Row after row, `columns.count` values each.
    let values: [any Encodable & Sendable]
    /// On a conflict on these columns the row replaces the other columns of the stored one.
    var upsertKey: [String]?

    func serialize(to serializer: inout SQLSerializer) {
        let width = columns.count
        precondition(width > 0 && values.count % width == 0, "BulkInsert: values do not fill whole rows")
        serializer.write("INSERT INTO ")
        SQLIdentifier(table).serialize(to: &serializer)
        serializer.write(" (")
        SQLList(columns.map { SQLIdentifier($0) }).serialize(to: &serializer)
        serializer.write(") VALUES ")
        let first = Self.placeholder(at: 1, in: serializer)
        let questionMarks = first == "?", dollars = first == "$1"
        var text = ""
        text.reserveCapacity(values.count * (questionMarks ? 3 : 9) + values.count / width * 4)
        var index = serializer.binds.count
        for row in 0..<(values.count / width) {
            text += row == 0 ? "(" : ", ("
            for column in 0..<width {
                index += 1
                if column > 0 { text += ", " }
                text += questionMarks ? "?" : dollars ? "$\(index)" : Self.placeholder(at: index, in: serializer)
            }
            text += ")"
        }
        serializer.write(text)
        serializer.binds.append(contentsOf: values)
        if let key = upsertKey {
            serializer.write(" ON CONFLICT (")
            SQLList(key.map { SQLIdentifier($0) }).serialize(to: &serializer)
            serializer.write(") DO UPDATE SET ")
            let replaced = columns.filter { !key.contains($0) }.map {
                SQLQueryString("\(ident: $0) = EXCLUDED.\(ident: $0)") as any SQLExpression
            }
            SQLList(replaced).serialize(to: &serializer)
        }
    }

    /// The dialect's placeholder for bind number `index`, as text.
    private static func placeholder(at index: Int, in serializer: SQLSerializer) -> String {
        var probe = SQLSerializer(database: serializer.database)
        serializer.dialect.bindPlaceholder(at: index).serialize(to: &probe)
        return probe.sql
    }
}

extension SQLDatabase {
    /// Runs a `BulkInsert` in statements of at most `rowsPerStatement` rows.
    func bulkInsert(into table: String, columns: [String], rows: some Collection<[any Encodable & Sendable]>,
                    upsertKey: [String]? = nil, rowsPerStatement: Int) async throws {
        var values: [any Encodable & Sendable] = []
        values.reserveCapacity(min(rows.count, rowsPerStatement) * columns.count)
        var pending = 0
        for row in rows {
            values.append(contentsOf: row)
            pending += 1
            if pending == rowsPerStatement {
                try await execute(sql: BulkInsert(table: table, columns: columns, values: values, upsertKey: upsertKey)) { _ in }
                values.removeAll(keepingCapacity: true)
                pending = 0
            }
        }
        if pending > 0 {
            try await execute(sql: BulkInsert(table: table, columns: columns, values: values, upsertKey: upsertKey)) { _ in }
        }
    }
}
