package needs

// BandRangeLabel exposes bandRangeLabel to the external tests.
var BandRangeLabel = bandRangeLabel
