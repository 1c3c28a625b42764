import SQLKit

struct M0001_StoresAndCatalogue: Migration {
    let version = 1
    let name = "stores and catalogue"

    func apply(on sql: any SQLDatabase) async throws {
        try await execute([
            """
            CREATE TABLE stores (
                id UUID PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                city TEXT NOT NULL,
                region TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                is_online BOOLEAN NOT NULL,
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
            """
            CREATE TABLE product_categories (
                id UUID PRIMARY KEY,
                parent_id UUID REFERENCES product_categories (id),
                code TEXT NOT NULL UNIQUE,
                name_zh TEXT NOT NULL,
                name_en TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE products (
                id UUID PRIMARY KEY,
                sku TEXT NOT NULL UNIQUE,
                name_zh TEXT NOT NULL,
                name_en TEXT NOT NULL,
                category_id UUID REFERENCES product_categories (id),
                brand TEXT,
                list_price BIGINT NOT NULL,
                currency TEXT NOT NULL,
                is_active BOOLEAN NOT NULL
            )
            """,
            "CREATE INDEX products_category ON products (category_id)",
        ], on: sql)
    }
}
