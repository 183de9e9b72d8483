public enum GeoFormatsPlaceholder {}
