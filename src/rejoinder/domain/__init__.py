"""Pure types shared by every layer: enums, value objects, errors."""
