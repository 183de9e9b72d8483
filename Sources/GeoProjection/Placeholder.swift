public enum GeoProjectionPlaceholder {}
