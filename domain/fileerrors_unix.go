//go:build unix

package domain

import (
	"errors"
	"syscall"
)

func isDiskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

func isFileTooLarge(err error) bool { return errors.Is(err, syscall.EFBIG) }

func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.EROFS) }

func isDirError(err error) bool { return errors.Is(err, syscall.EISDIR) }

func isNotFolder(err error) bool { return errors.Is(err, syscall.ENOTDIR) }
