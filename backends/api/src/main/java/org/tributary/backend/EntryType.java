package org.tributary.backend;

public enum EntryType { FILE, DIRECTORY }
