import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('TokenLogProb')
export class TokenLogProbModel {
  @Field()
  token!: string;

  @Field(() => Float, { description: 'log10 P(token | history)' })
  logProb!: number;

  @Field(() => Int, { description: 'Length of the longest matching n-gram' })
  ngramLength!: number;

  @Field()
  oov!: boolean;
}

@ObjectType('Perplexity')
export class PerplexityModel {
  @Field(() => Float, { description: "SRILM's ngram -ppl convention: words and one </s> per sentence, OOVs scored as <unk>" })
  perplexity!: number;

  @Field(() => Float, { nullable: true })
  perplexityWithoutOov!: number | null;

  @Field(() => Int)
  sentences!: number;

  @Field(() => Int)
  words!: number;

  @Field(() => Int)
  oovs!: number;

  @Field(() => [TokenLogProbModel])
  tokens!: TokenLogProbModel[];

  @Field({ description: 'name and version of the model used' })
  model!: string;
}

@ObjectType('Completion')
export class CompletionModel {
  @Field()
  word!: string;

  @Field(() => Float)
  probability!: number;

  @Field(() => Float)
  logProb!: number;
}

@ObjectType('NoteSection')
export class NoteSectionModel {
  @Field()
  type!: string;

  @Field()
  heading!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;
}

@ObjectType('MinedConcept')
export class MinedConceptModel {
  @Field()
  text!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field({ description: 'condition, drug or procedure' })
  type!: string;

  @Field()
  preferred!: string;

  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  system!: string | null;

  @Field(() => String, { nullable: true, description: 'The expansion, when the text was an abbreviation' })
  expandedFrom!: string | null;

  @Field(() => String, { nullable: true })
  section!: string | null;

  @Field()
  negated!: boolean;

  @Field()
  uncertain!: boolean;

  @Field()
  historical!: boolean;

  @Field({ description: 'About someone other than the patient (family history)' })
  otherExperiencer!: boolean;
}

@ObjectType('Keyword')
export class KeywordModel {
  @Field()
  term!: string;

  @Field(() => Float)
  score!: number;
}

@ObjectType('MinedNote')
export class MinedNoteModel {
  @Field(() => [NoteSectionModel])
  sections!: NoteSectionModel[];

  @Field(() => [MinedConceptModel])
  concepts!: MinedConceptModel[];

  @Field(() => [KeywordModel])
  keywords!: KeywordModel[];
}

@ObjectType('PhiSpan')
export class PhiSpanModel {
  @Field(() => Int, { description: 'Offset into the original text' })
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field({ description: 'HIPAA Safe Harbor identifier type (NAME, DATE, PHONE, ...)' })
  type!: string;
}

@ObjectType('Deidentified')
export class DeidentifiedModel {
  @Field()
  text!: string;

  @Field(() => [PhiSpanModel])
  spans!: PhiSpanModel[];
}
