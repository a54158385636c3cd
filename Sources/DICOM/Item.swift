/// One item of a sequence: a nested data set.
public struct Item: Sendable {
    public var dataSet: DataSet
    public var offset: Int?
    public var hasUndefinedLength: Bool

    public init(dataSet: DataSet, offset: Int? = nil, hasUndefinedLength: Bool = false) {
        self.dataSet = dataSet
        self.offset = offset
        self.hasUndefinedLength = hasUndefinedLength
    }
}
