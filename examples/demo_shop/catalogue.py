"""The demo shop's products. Copy is plain description: no health claims."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Product:
    sku: str
    name: str
    category: str
    price_cents: int
    summary: str
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def price(self) -> str:
        return f"${self.price_cents / 100:.2f}"

    def as_item(self, quantity: int = 1) -> dict[str, object]:
        """The mapping the plugin's checks take for one cart line."""
        return {"sku": self.sku, "category": self.category, "attributes": dict(self.attributes), "quantity": quantity}


PRODUCTS: tuple[Product, ...] = (
    Product(
        "KR-PWD-GRN-100",
        "Green Vein Kratom Powder, 100 g",
        "kratom",
        2400,
        "Finely ground dried Mitragyna speciosa leaf, lab-tested for alkaloid content and heavy metals.",
        {"form": "powder", "vein": "green"},
    ),
    Product(
        "KR-PWD-RED-250",
        "Red Vein Kratom Powder, 250 g",
        "kratom",
        4900,
        "Dried and milled red-vein leaf in a resealable pouch, with a batch certificate of analysis.",
        {"form": "powder", "vein": "red"},
    ),
    Product(
        "KR-CAP-WHT-60",
        "White Vein Kratom Capsules, 60 count",
        "kratom",
        2900,
        "Leaf powder in plant-cellulose capsules, 500 mg of leaf per capsule.",
        {"form": "capsule", "vein": "white"},
    ),
    Product(
        "ACC-INFUSER-01",
        "Stainless Steel Tea Infuser",
        "accessory",
        900,
        "A fine-mesh infuser ball with a chain, for loose-leaf teas. Not a restricted product.",
        {},
    ),
)

BY_SKU: dict[str, Product] = {p.sku: p for p in PRODUCTS}
