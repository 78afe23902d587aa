import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { InvalidCommand, parseIdcs } from '../../domain';

/** A path's IDCS: ten digits with a valid check digit, else 400 saying which is wrong. */
@Injectable()
export class IdcsPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    try {
      return parseIdcs(value, 'idcs');
    } catch (error) {
      if (error instanceof InvalidCommand)
        throw new BadRequestException({
          statusCode: 400,
          error: 'Bad Request',
          message: error.message,
          errors: [{ path: 'idcs', reason: error.reason }],
        });
      throw error;
    }
  }
}
