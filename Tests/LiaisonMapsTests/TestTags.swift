import Testing

extension Tag {
    /// Library tests: no process, no browser.
    @Tag static var unit: Self
    /// Tests that run the built `liaison` binary and check its output and exit status.
    @Tag static var cli: Self
    /// Tests that open a page in headless Chromium.
    @Tag static var browser: Self
}
