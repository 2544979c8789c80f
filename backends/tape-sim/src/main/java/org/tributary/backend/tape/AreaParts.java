package org.tributary.backend.tape;

import org.tributary.backend.StorageBackend;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.library.BufferFiles;
import org.tributary.backend.tape.library.BufferSpace;
import org.tributary.backend.tape.library.Library;
import org.tributary.backend.tape.library.PathStripes;

import java.time.Clock;

/**
 * The parts of one tape area that its features ({@link TapePlacement}, {@link TapeSharedCopy}) work with; {@code tape}
 * is the {@link TapeSimBackend} itself, whose stat answers with what the catalogue knows.
 */
record AreaParts(StorageBackend tape, PosixBackend buffer, Catalogue catalogue, BufferSpace space, Library library, PathStripes stripes,
                 BufferFiles files, Clock clock) { }
