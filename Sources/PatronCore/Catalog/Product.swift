import Foundation

/// A sellable item identified by SKU. Names come in Chinese and English because staff consoles and
/// receipts use both.
public struct Product: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var sku: String
    public var nameZh: String
    public var nameEn: String
    public var categoryId: ProductCategory.ID?
    public var brand: String?
    public var listPrice: Money
    public var isActive: Bool

    public init(id: ID = UUID(), sku: String, nameZh: String, nameEn: String, categoryId: ProductCategory.ID?,
                brand: String?, listPrice: Money, isActive: Bool = true) {
        self.id = id
        self.sku = sku
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.categoryId = categoryId
        self.brand = brand
        self.listPrice = listPrice
        self.isActive = isActive
    }
}
