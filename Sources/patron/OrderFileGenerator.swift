import Foundation
import PatronCore

/// Writes N orders as JSON Lines for the demo chain's stores and catalogue (the same for every database
/// loaded with `patron demo`), with POS numbers `IMP-<store>-<n>` and arithmetic that adds up. Orders run
/// forward in time over the past year, as a POS export does; with `members`, seven in ten belong to one of them.
enum OrderFileGenerator {
    struct Summary {
        var count: Int
        var totalMinor: Int64
    }

    static func write(count: Int, to path: String, members: [Customer.ID] = [], seed: UInt64 = 77) throws -> Summary {
        let demo = DemoDataSet.generate(.init(seed: 1, customerCount: 0))
        var random = SeededGenerator(seed: seed)
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError(message: "cannot write \(path)")
        }
        defer { try? handle.close() }
        let physical = demo.stores.filter { !$0.isOnline }
        let start = Date().addingTimeInterval(-365 * 86_400).timeIntervalSince1970
        let methods: [PaymentMethod] = [.wechatPay, .alipay, .bankCard, .cash]
        var total: Int64 = 0
        var chunk = ""
        for index in 0..<count {
            let store = physical[index % physical.count]
            var lines: [String] = []
            var orderTotal: Int64 = 0
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let product = demo.products.randomElement(using: &random)!
                let quantity = Int.random(in: 1...2, using: &random)
                orderTotal += Int64(quantity) * product.listPrice.minorUnits
                lines.append(#"{"sku":"\#(product.sku)","quantity":\#(quantity),"unitPrice":\#(product.listPrice.minorUnits)}"#)
            }
            let seconds = Int(start) + Int(Double(index) / Double(max(count, 1)) * (365 * 86_400 - 7_200)) + Int.random(in: 0..<3_600, using: &random)
            let occurred = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601)
            let method = methods.randomElement(using: &random)!
            let member = !members.isEmpty && Int.random(in: 0..<10, using: &random) < 7
                ? #""customerId":"\#(members.randomElement(using: &random)!.uuidString.lowercased())","# : ""
            chunk += #"{"storeCode":"\#(store.code)","posNumber":"IMP-\#(store.code)-\#(index)",\#(member)"channel":"store","occurredAt":"\#(occurred)","lines":[\#(lines.joined(separator: ","))],"payments":[{"method":"\#(method.rawValue)","amount":\#(orderTotal)}]}"#
            chunk += "\n"
            total += orderTotal
            if chunk.utf8.count > 1 << 20 {
                handle.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        handle.write(Data(chunk.utf8))
        return Summary(count: count, totalMinor: total)
    }
}
