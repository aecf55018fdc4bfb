package io.bytemeter.agent;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The super class and interfaces a class file declares, read from its header (the constant pool
 * is walked, nothing after the interfaces is read): what {@link CandidateFilter} needs to tell a
 * subtype without Byte Buddy's type descriptions.
 */
final class ClassFileHeader {

    private ClassFileHeader() {}

    /**
     * Internal names of the declared super class (none for {@code java/lang/Object} and modules)
     * and interfaces.
     *
     * @throws IllegalArgumentException when the bytes are not a class file this reader understands
     */
    static List<String> superTypes(byte[] classFile) {
        try {
            if (readInt(classFile, 0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            int count = readShort(classFile, 8);
            int[] offsets = new int[count];
            int at = 10;
            for (int index = 1; index < count; index++) {
                offsets[index] = at;
                int tag = classFile[at] & 0xFF;
                at += entrySize(tag, classFile, at);
                if (tag == 5 || tag == 6) {
                    index++; // a long or double takes two slots
                }
            }
            int superClass = readShort(classFile, at + 4);
            int interfaces = readShort(classFile, at + 6);
            List<String> names = new ArrayList<>(interfaces + 1);
            if (superClass != 0) {
                names.add(className(classFile, offsets, superClass));
            }
            for (int i = 0; i < interfaces; i++) {
                names.add(className(classFile, offsets, readShort(classFile, at + 8 + 2 * i)));
            }
            return names;
        } catch (ArrayIndexOutOfBoundsException | IOException e) {
            throw new IllegalArgumentException("truncated class file", e);
        }
    }

    private static int entrySize(int tag, byte[] classFile, int at) {
        switch (tag) {
            case 1: // Utf8
                return 3 + readShort(classFile, at + 1);
            case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                return 3;
            case 15: // MethodHandle
                return 4;
            case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
                return 5;
            case 5: case 6: // Long, Double
                return 9;
            default:
                throw new IllegalArgumentException("constant pool tag " + tag);
        }
    }

    private static String className(byte[] classFile, int[] offsets, int classIndex) throws IOException {
        int utf8 = offsets[readShort(classFile, offsets[classIndex] + 1)];
        return new DataInputStream(new ByteArrayInputStream(classFile, utf8 + 1, 2 + readShort(classFile, utf8 + 1))).readUTF();
    }

    private static int readShort(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }

    private static int readInt(byte[] bytes, int at) {
        return readShort(bytes, at) << 16 | readShort(bytes, at + 2);
    }
}
