package io.bytemeter.bootstrap;

/** A text's size as a message's bytes: its UTF-8 length, counted in place, without encoding a copy. */
public final class Utf8 {

    private Utf8() {}

    /** The UTF-8 length of {@code text}; 0 for null. */
    public static long length(CharSequence text) {
        if (text == null) {
            return 0;
        }
        long length = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
