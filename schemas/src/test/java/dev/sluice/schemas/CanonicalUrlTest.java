package dev.sluice.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalUrlTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // scheme and host case, default ports
        "HTTPS://Example.COM/Docs          | https://example.com/Docs",
        "http://example.com:80/a           | http://example.com/a",
        "https://example.com:443/a         | https://example.com/a",
        "https://example.com:8443/a        | https://example.com:8443/a",
        "http://example.com:443/a          | http://example.com:443/a",
        "https://example.com:/a            | https://example.com/a",
        // empty paths and trailing slashes
        "https://example.com               | https://example.com/",
        "https://example.com/              | https://example.com/",
        "https://example.com/docs/         | https://example.com/docs",
        "https://example.com/docs/?b=1     | https://example.com/docs?b=1",
        "https://example.com?q=1           | https://example.com/?q=1",
        // fragments and dot segments
        "https://example.com/a#section-2   | https://example.com/a",
        "https://example.com/a/./b/../c    | https://example.com/a/c",
        "https://example.com/../a          | https://example.com/a",
        // percent-encoding
        "https://example.com/%7euser/%41   | https://example.com/~user/A",
        "https://example.com/a%2fb         | https://example.com/a%2Fb",
        "https://example.com/a b           | https://example.com/a%20b",
        "https://example.com/caf%C3%A9     | https://example.com/caf%C3%A9",
        "https://example.com/café          | https://example.com/caf%C3%A9",
        "https://example.com/100%          | https://example.com/100%25",
        // query: tracking parameters dropped, the rest sorted
        "https://example.com/?utm_source=x&b=2&a=1&gclid=9      | https://example.com/?a=1&b=2",
        "https://example.com/?UTM_Medium=x&fbclid=1&msclkid=2   | https://example.com/",
        "https://example.com/?b=2&a=2&a=1                        | https://example.com/?a=1&a=2&b=2",
        "https://example.com/?flag&a=1                           | https://example.com/?a=1&flag",
        "https://example.com/?&&a=1&                             | https://example.com/?a=1",
        "https://example.com/?q=a+b%20c                          | https://example.com/?q=a+b%20c",
        // user info, trailing host dot, IPv6
        "https://user:pw@example.com/a     | https://example.com/a",
        "https://example.com./a            | https://example.com/a",
        "http://[2001:DB8::1]:80/a         | http://[2001:db8::1]/a",
        "http://[2001:db8::1]:8080/        | http://[2001:db8::1]:8080/",
        "file:///srv/docs/Guide.md         | file:///srv/docs/Guide.md",
    })
    void shouldNormalize(String url, String expected) {
        assertThat(CanonicalUrl.normalize(url)).isEqualTo(expected);
    }

    @Nested
    class InternationalHosts {
        @Test
        void shouldConvertIdnHostToPunycode() {
            assertThat(CanonicalUrl.normalize("https://Bücher.example/straße"))
                    .isEqualTo("https://xn--bcher-kva.example/stra%C3%9Fe");
        }

        @Test
        void shouldTreatUnicodeAndPunycodeFormsAsOnePage() {
            assertThat(DocumentIds.fromUrl("https://bücher.example/"))
                    .isEqualTo(DocumentIds.fromUrl("https://XN--BCHER-KVA.example"));
        }

        @Test
        void shouldKeepCjkPathsStable() {
            assertThat(CanonicalUrl.normalize("https://例え.jp/日本語"))
                    .isEqualTo("https://xn--r8jz45g.jp/%E6%97%A5%E6%9C%AC%E8%AA%9E");
        }
    }

    @Nested
    class Rejects {
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "example.com/a                | has no scheme",
            "ftp://example.com/a          | unsupported scheme 'ftp'",
            "mailto:someone@example.com   | unsupported scheme 'mailto'",
            "https:example.com            | is not hierarchical",
            "https:///path                | has no host",
            "https://example.com:99999/   | port out of range",
            "https://example.com:8o/      | invalid port '8o'",
            "https://exa mple.com/        | invalid character ' ' in its host",
            "https://[::1/                | unterminated IPv6 host",
        })
        void shouldRejectWithReason(String url, String reason) {
            assertThatThrownBy(() -> CanonicalUrl.normalize(url))
                    .isInstanceOf(CanonicalUrl.InvalidUrlException.class)
                    .hasMessageContaining(reason)
                    .hasMessageContaining(url.strip());
        }

        @Test
        void shouldRejectBlank() {
            assertThatThrownBy(() -> CanonicalUrl.normalize("  ")).hasMessageContaining("is empty");
            assertThat(CanonicalUrl.tryNormalize(null)).isEmpty();
        }
    }
}
