//go:build !unix

package domain

import (
	"errors"
	"syscall"
)

// Windows error numbers (winerror.h) for the conditions FileError names.
const (
	errorHandleDiskFull syscall.Errno = 39  // ERROR_HANDLE_DISK_FULL
	errorDiskFull       syscall.Errno = 112 // ERROR_DISK_FULL
	errorFileTooLarge   syscall.Errno = 223 // ERROR_FILE_TOO_LARGE
	errorWriteProtect   syscall.Errno = 19  // ERROR_WRITE_PROTECT
	errorDirectory      syscall.Errno = 267 // ERROR_DIRECTORY
)

func isDiskFull(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull) || errors.Is(err, syscall.ENOSPC)
}

func isFileTooLarge(err error) bool { return errors.Is(err, errorFileTooLarge) }

func isReadOnlyFS(err error) bool { return errors.Is(err, errorWriteProtect) }

func isDirError(err error) bool { return false }

func isNotFolder(err error) bool { return errors.Is(err, errorDirectory) }
